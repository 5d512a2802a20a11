//! Statutory late interest (issue #10): placeholder, being written.
