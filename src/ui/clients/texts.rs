//! The words of the clients pages, in French and in English (stub).
