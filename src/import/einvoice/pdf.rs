//! PLACEHOLDER until the PDF reader lands (same API).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbeddedFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub relationship: Option<String>,
    pub mime: Option<String>,
}
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_decoded: usize,
    pub max_objects: usize,
}
impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_decoded: 1,
            max_objects: 1,
        }
    }
}
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PdfError {
    NotPdf,
    Damaged,
    Encrypted,
    Unsupported { filter: String },
    TooLarge { limit: usize },
}
pub fn embedded_files(_bytes: &[u8], _limits: &Limits) -> Result<Vec<EmbeddedFile>, PdfError> {
    Err(PdfError::Damaged)
}
