//! The logo of the letterhead: a PNG or JPEG image kept as a `data:` URL
//! (`data:image/png;base64,…`), the one form a letter's `<img>` and the stored settings both
//! take. Built only through [`Logo::from_file`] (the bytes of a chosen file and the type the
//! browser declares) or [`Logo::from_data_url`] (a stored text, checked again): the first bytes
//! must be a PNG or JPEG signature, and the file at most [`MAX_LOGO_BYTES`]. Never SVG: an SVG
//! is a document that can carry script.

use super::base64;
use crate::i18n::{Describe, Lang};

/// The largest logo file accepted: 200 KiB. The logo is stored as base64 text (a third larger,
/// ~273 KB) in the settings record, in the browser's local storage, whose quota (~5 MB per
/// site) is shared with all the books; a letterhead logo printed 20 mm high needs far less.
pub const MAX_LOGO_BYTES: usize = 200 * 1024;

const PNG_SIGNATURE: [u8; 8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
const JPEG_SIGNATURE: [u8; 3] = [0xFF, 0xD8, 0xFF];
const PNG_PREFIX: &str = "data:image/png;base64,";
const JPEG_PREFIX: &str = "data:image/jpeg;base64,";

/// The two image formats a logo may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
}

impl ImageKind {
    /// The format of `bytes` by their signature (magic bytes), if PNG or JPEG.
    pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
        if bytes.starts_with(&PNG_SIGNATURE) {
            Some(ImageKind::Png)
        } else if bytes.starts_with(&JPEG_SIGNATURE) {
            Some(ImageKind::Jpeg)
        } else {
            None
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            ImageKind::Png => PNG_PREFIX,
            ImageKind::Jpeg => JPEG_PREFIX,
        }
    }

    /// Whether a file's declared media type agrees with this format (an empty type, which
    /// some browsers give, agrees: the signature decides).
    fn agrees_with(self, declared: &str) -> bool {
        let declared = declared.trim().to_ascii_lowercase();
        match self {
            _ if declared.is_empty() => true,
            ImageKind::Png => declared == "image/png",
            ImageKind::Jpeg => declared == "image/jpeg" || declared == "image/jpg",
        }
    }
}

/// A checked logo: a PNG or JPEG of at most [`MAX_LOGO_BYTES`], as a `data:` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logo {
    kind: ImageKind,
    /// The size of the image file, in bytes.
    bytes: usize,
    data_url: String,
}

/// Why a logo is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogoError {
    /// The file is empty.
    Empty,
    /// Not a PNG or JPEG (by its first bytes, or its declared type says another format).
    NotPngOrJpeg,
    /// Over [`MAX_LOGO_BYTES`] (`bytes` long).
    TooLarge { bytes: usize },
    /// A stored text that is not a PNG or JPEG `data:` URL in strict base64.
    NotADataUrl,
}

impl Describe for LogoError {
    fn describe(&self, lang: Lang) -> String {
        let kib = |bytes: usize| bytes.div_ceil(1024);
        match (self, lang) {
            (LogoError::Empty, Lang::Fr) => "Ce fichier est vide.".to_string(),
            (LogoError::Empty, Lang::En) => "This file is empty.".to_string(),
            (LogoError::NotPngOrJpeg, Lang::Fr) => "Ce fichier n'est pas une image PNG ou JPEG\u{a0}: choisissez votre logo au format PNG ou JPEG.".to_string(),
            (LogoError::NotPngOrJpeg, Lang::En) => "This file is not a PNG or JPEG image: choose your logo as a PNG or JPEG.".to_string(),
            (LogoError::TooLarge { bytes }, Lang::Fr) => format!(
                "Cette image pèse {}\u{a0}Ko\u{a0}; un logo peut peser au plus {}\u{a0}Ko (la place du navigateur est comptée). Réduisez-la puis choisissez-la à nouveau.",
                kib(*bytes),
                MAX_LOGO_BYTES / 1024
            ),
            (LogoError::TooLarge { bytes }, Lang::En) => format!(
                "This image is {} KB; a logo may be at most {} KB (the browser's storage space is limited). Make it smaller, then choose it again.",
                kib(*bytes),
                MAX_LOGO_BYTES / 1024
            ),
            (LogoError::NotADataUrl, Lang::Fr) => "Le logo enregistré est illisible (ce n'est pas une image PNG ou JPEG encodée).".to_string(),
            (LogoError::NotADataUrl, Lang::En) => "The stored logo cannot be read (it is not an encoded PNG or JPEG image).".to_string(),
        }
    }
}

impl Logo {
    /// The logo of a chosen file: its bytes and the media type the browser declares for it.
    /// The first bytes decide the format; a declared type other than that format's is refused.
    pub fn from_file(bytes: &[u8], declared_type: &str) -> Result<Logo, LogoError> {
        if bytes.is_empty() {
            return Err(LogoError::Empty);
        }
        let kind = ImageKind::sniff(bytes)
            .filter(|kind| kind.agrees_with(declared_type))
            .ok_or(LogoError::NotPngOrJpeg)?;
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(LogoError::TooLarge { bytes: bytes.len() });
        }
        let mut data_url = String::from(kind.prefix());
        data_url.push_str(&base64::encode(bytes));
        Ok(Logo {
            kind,
            bytes: bytes.len(),
            data_url,
        })
    }

    /// The logo of a stored `data:` URL, checked as a chosen file is.
    pub fn from_data_url(text: &str) -> Result<Logo, LogoError> {
        let (declared, encoded) = if let Some(rest) = text.strip_prefix(PNG_PREFIX) {
            ("image/png", rest)
        } else if let Some(rest) = text.strip_prefix(JPEG_PREFIX) {
            ("image/jpeg", rest)
        } else {
            return Err(LogoError::NotADataUrl);
        };
        let bytes = base64::decode(encoded).ok_or(LogoError::NotADataUrl)?;
        Logo::from_file(&bytes, declared)
    }

    /// The image as a `data:` URL (`data:image/png;base64,…`).
    pub fn data_url(&self) -> &str {
        &self.data_url
    }

    pub fn kind(&self) -> ImageKind {
        self.kind
    }

    /// The size of the image file, in bytes.
    pub fn file_bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// A 1×1 PNG (70 bytes).
    const TINY_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    fn png_of(len: usize) -> Vec<u8> {
        let mut bytes = PNG_SIGNATURE.to_vec();
        bytes.resize(len, 0);
        bytes
    }

    #[test]
    fn a_tiny_png_becomes_its_data_url_and_reads_back() {
        let bytes = base64::decode(TINY_PNG).unwrap();
        assert_eq!(bytes.len(), 70);
        let logo = Logo::from_file(&bytes, "image/png").unwrap();
        assert_eq!(logo.kind(), ImageKind::Png);
        assert_eq!(logo.file_bytes(), 70);
        assert_eq!(logo.data_url(), format!("data:image/png;base64,{TINY_PNG}"));
        assert_eq!(Logo::from_data_url(logo.data_url()), Ok(logo.clone()));
        // An empty declared type: the signature decides.
        assert_eq!(Logo::from_file(&bytes, ""), Ok(logo));
    }

    #[test]
    fn a_jpeg_is_recognised_by_its_first_three_bytes() {
        let bytes = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        let logo = Logo::from_file(&bytes, "image/jpeg").unwrap();
        assert_eq!(logo.kind(), ImageKind::Jpeg);
        assert!(logo.data_url().starts_with("data:image/jpeg;base64,/9j/"));
        assert_eq!(Logo::from_data_url(logo.data_url()), Ok(logo));
        assert!(Logo::from_file(&bytes, "IMAGE/JPG").is_ok());
        // Two bytes of the signature are not enough.
        assert_eq!(
            Logo::from_file(&[0xFF, 0xD8], ""),
            Err(LogoError::NotPngOrJpeg)
        );
    }

    #[test]
    fn anything_but_png_or_jpeg_bytes_is_refused() {
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        assert_eq!(
            Logo::from_file(svg, "image/svg+xml"),
            Err(LogoError::NotPngOrJpeg)
        );
        // Declared as PNG, but not its bytes.
        assert_eq!(
            Logo::from_file(svg, "image/png"),
            Err(LogoError::NotPngOrJpeg)
        );
        assert_eq!(
            Logo::from_file(b"GIF89a\x01\x00", "image/gif"),
            Err(LogoError::NotPngOrJpeg)
        );
        // One byte of the PNG signature changed.
        let mut almost = png_of(16);
        almost[7] = 0x0B;
        assert_eq!(Logo::from_file(&almost, ""), Err(LogoError::NotPngOrJpeg));
        // PNG bytes declared as another format.
        assert_eq!(
            Logo::from_file(&png_of(16), "image/svg+xml"),
            Err(LogoError::NotPngOrJpeg)
        );
        assert_eq!(
            Logo::from_file(&png_of(16), "image/jpeg"),
            Err(LogoError::NotPngOrJpeg)
        );
        assert_eq!(Logo::from_file(&[], "image/png"), Err(LogoError::Empty));
    }

    #[test]
    fn the_size_limit_is_inclusive_at_200_kib() {
        assert_eq!(MAX_LOGO_BYTES, 204_800);
        let at = Logo::from_file(&png_of(MAX_LOGO_BYTES), "image/png").unwrap();
        assert_eq!(at.file_bytes(), MAX_LOGO_BYTES);
        assert_eq!(
            Logo::from_file(&png_of(MAX_LOGO_BYTES + 1), "image/png"),
            Err(LogoError::TooLarge {
                bytes: MAX_LOGO_BYTES + 1
            })
        );
        // A stored text over the limit is refused the same way.
        let over = format!(
            "data:image/png;base64,{}",
            base64::encode(&png_of(MAX_LOGO_BYTES + 1))
        );
        assert_eq!(
            Logo::from_data_url(&over),
            Err(LogoError::TooLarge {
                bytes: MAX_LOGO_BYTES + 1
            })
        );
        let error = LogoError::TooLarge { bytes: 300_000 };
        assert!(error.describe(Lang::En).contains("293 KB"));
        assert!(error.describe(Lang::En).contains("200 KB"));
        assert!(error.describe(Lang::Fr).contains("200\u{a0}Ko"));
    }

    #[test]
    fn a_stored_text_is_checked_again() {
        let png = base64::encode(&png_of(12));
        for bad in [
            String::new(),
            format!("data:image/svg+xml;base64,{png}"),
            format!("data:image/png,{png}"),
            format!("data:image/png;base64,{png} "),
            "data:image/png;base64,not base64".to_string(),
            format!("javascript:alert(1)//{png}"),
        ] {
            assert_eq!(
                Logo::from_data_url(&bad),
                Err(LogoError::NotADataUrl),
                "{bad}"
            );
        }
        // JPEG bytes under a PNG prefix: the declared type disagrees.
        let jpeg = base64::encode(&[0xFF, 0xD8, 0xFF, 0xE0]);
        assert_eq!(
            Logo::from_data_url(&format!("data:image/png;base64,{jpeg}")),
            Err(LogoError::NotPngOrJpeg)
        );
    }
}
