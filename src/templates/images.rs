//! Zola's image functions, `get_image_metadata` and `resize_image`, on the `image` crate.
//!
//! A resized image is named by a hash of the source bytes and the operation, and kept in
//! `.puente-cache/processed_images/` under the site root, so a rebuild (or the next `serve`
//! render) reuses it instead of decoding and resizing again. Each build records which of them
//! its templates asked for; only those are published, at `/processed_images/<name>`.

use super::SiteData;
use super::functions::{Args, find_file};
use crate::config::Lang;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader};
use parking_lot::Mutex;
use serde_json::{Value, json};
use sha2::Digest;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use tera::Error;

/// Where resized images are published, under the output root.
pub const OUTPUT_DIR: &str = "processed_images";
/// Where they are kept between builds, under the site root.
pub const CACHE_DIR: &str = ".puente-cache/processed_images";

/// The resized images of one build: output path → cached file.
#[derive(Debug, Default)]
pub struct Images {
    cache: PathBuf,
    produced: Mutex<BTreeMap<String, PathBuf>>,
}

impl Images {
    pub fn new(root: &Path) -> Images {
        Images { cache: root.join(CACHE_DIR), produced: Mutex::default() }
    }

    /// Every resized image the templates asked for so far, for the output tree.
    pub fn produced(&self) -> Vec<(String, PathBuf)> {
        self.produced.lock().iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// The cached file behind an output path, for `serve`.
    pub fn lookup(&self, output_path: &str) -> Option<PathBuf> {
        self.produced.lock().get(output_path).cloned()
    }
}

/// `get_image_metadata(path, allow_missing=false)` → `{width, height, format, mime}`.
pub fn get_image_metadata(site: &SiteData, lang: Lang, args: &Args) -> tera::Result<Value> {
    let path = text(args, "path", "get_image_metadata")?;
    let allow_missing = flag(args, "allow_missing", false)?;
    let Some((bytes, _)) = find_file(site, lang, &path) else {
        if allow_missing {
            return Ok(Value::Null);
        }
        return Err(missing("get_image_metadata", &path));
    };
    if path.to_ascii_lowercase().ends_with(".svg") {
        let (width, height) = svg_size(&bytes).ok_or_else(|| {
            Error::msg(format!("get_image_metadata: `{path}` is an SVG without width and height or a viewBox"))
        })?;
        return Ok(json!({"width": width, "height": height, "format": "svg", "mime": "image/svg+xml"}));
    }
    let reader = reader(&bytes, "get_image_metadata", &path)?;
    let format = reader.format();
    let (width, height) = reader.into_dimensions().map_err(|e| unreadable("get_image_metadata", &path, &e))?;
    let (name, mime) = format.map_or(("unknown", "application/octet-stream"), format_names);
    Ok(json!({"width": width, "height": height, "format": name, "mime": mime}))
}

/// `resize_image(path, width, height, op="fill", format="auto", quality=75)` →
/// `{url, static_path, width, height, orig_width, orig_height}`.
pub fn resize_image(site: &SiteData, lang: Lang, args: &Args) -> tera::Result<Value> {
    const F: &str = "resize_image";
    let path = text(args, "path", F)?;
    let op = optional_text(args, "op", F)?.unwrap_or_else(|| "fill".to_string());
    let width = dimension(args, "width")?;
    let height = dimension(args, "height")?;
    let format = optional_text(args, "format", F)?.unwrap_or_else(|| "auto".to_string());
    let quality = match args.get("quality") {
        None => 75,
        Some(v) => v
            .as_u64()
            .filter(|q| (1..=100).contains(q))
            .ok_or_else(|| Error::msg(format!("{F}: `quality` must be a whole number from 1 to 100, not {v}")))?
            as u8,
    };
    let (bytes, _) = find_file(site, lang, &path).ok_or_else(|| missing(F, &path))?;
    let source_format = reader(&bytes, F, &path)?.format();
    let (orig_width, orig_height) =
        reader(&bytes, F, &path)?.into_dimensions().map_err(|e| unreadable(F, &path, &e))?;
    let plan = Plan::new(&op, width, height, orig_width, orig_height)?;
    let (out_format, extension) = match format.as_str() {
        "auto" => match source_format {
            Some(ImageFormat::Jpeg) => (ImageFormat::Jpeg, "jpg"),
            Some(ImageFormat::WebP) => (ImageFormat::WebP, "webp"),
            _ => (ImageFormat::Png, "png"),
        },
        "jpg" | "jpeg" => (ImageFormat::Jpeg, "jpg"),
        "png" => (ImageFormat::Png, "png"),
        "webp" => (ImageFormat::WebP, "webp"),
        other => {
            return Err(Error::msg(format!("{F}: `format` must be auto, jpg, png or webp, not `{other}`")));
        }
    };
    let mut hasher = sha2::Sha256::new();
    hasher.update(&bytes);
    hasher.update(format!("{op}|{width:?}|{height:?}|{extension}|{quality}").as_bytes());
    let digest: String = hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    let stem = Path::new(&path).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = slug::slugify(stem);
    let name = format!("{stem}.{digest}.{extension}");
    let cached = site.images.cache.join(&name);
    if !cached.is_file() {
        let image = image::load_from_memory(&bytes).map_err(|e| unreadable(F, &path, &e))?;
        let resized = plan.apply(image);
        write_image(&resized, out_format, quality, &cached)
            .map_err(|e| Error::msg(format!("{F}: cannot write the resized `{path}`: {e}")))?;
    }
    let output_path = format!("{OUTPUT_DIR}/{name}");
    site.images.produced.lock().insert(output_path.clone(), cached);
    Ok(json!({
        "url": site.config.permalink(&format!("/{output_path}")),
        "static_path": format!("{CACHE_DIR}/{name}"),
        "width": plan.width,
        "height": plan.height,
        "orig_width": orig_width,
        "orig_height": orig_height,
    }))
}

/// What a resize does: an optional centred crop, then a resize to `width` × `height`
/// (Zola's `imageproc` arithmetic, so themes get the sizes they computed for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Plan {
    crop: Option<(u32, u32, u32, u32)>,
    width: u32,
    height: u32,
}

impl Plan {
    fn new(op: &str, width: Option<u32>, height: Option<u32>, orig_w: u32, orig_h: u32) -> tera::Result<Plan> {
        let need = |what: &str| Error::msg(format!("resize_image: op=\"{op}\" needs {what}"));
        let scale = |w: u32, h: u32| Plan { crop: None, width: w.max(1), height: h.max(1) };
        let ratio = |a: u32, b: u32, c: u32| ((a as u64 * b as u64) / c.max(1) as u64) as u32;
        match op {
            "scale" => {
                let (w, h) = width.zip(height).ok_or_else(|| need("`width` and `height`"))?;
                Ok(scale(w, h))
            }
            "fit_width" => {
                let w = width.ok_or_else(|| need("`width`"))?;
                Ok(scale(w, ratio(orig_h, w, orig_w)))
            }
            "fit_height" => {
                let h = height.ok_or_else(|| need("`height`"))?;
                Ok(scale(ratio(orig_w, h, orig_h), h))
            }
            "fit" => {
                let (w, h) = width.zip(height).ok_or_else(|| need("`width` and `height`"))?;
                if orig_w <= w && orig_h <= h {
                    return Ok(scale(orig_w, orig_h));
                }
                if orig_w as u64 * h as u64 > orig_h as u64 * w as u64 {
                    Ok(scale(w, ratio(orig_h, w, orig_w)))
                } else {
                    Ok(scale(ratio(orig_w, h, orig_h), h))
                }
            }
            "fill" => {
                let (w, h) = width.zip(height).ok_or_else(|| need("`width` and `height`"))?;
                let factor_w = orig_w as f64 / w as f64;
                let factor_h = orig_h as f64 / h as f64;
                if (factor_w - factor_h).abs() < 1e-6 {
                    return Ok(scale(w, h));
                }
                let crop = if factor_w < factor_h {
                    let crop_h = ((h as f64 * factor_w).round() as u32).min(orig_h);
                    (0, (orig_h - crop_h) / 2, orig_w, crop_h)
                } else {
                    let crop_w = ((w as f64 * factor_h).round() as u32).min(orig_w);
                    ((orig_w - crop_w) / 2, 0, crop_w, orig_h)
                };
                Ok(Plan { crop: Some(crop), ..scale(w, h) })
            }
            other => Err(Error::msg(format!(
                "resize_image: `op` must be fill, fit, scale, fit_width or fit_height, not `{other}`"
            ))),
        }
    }

    fn apply(&self, mut image: DynamicImage) -> DynamicImage {
        if let Some((x, y, w, h)) = self.crop {
            image = image.crop_imm(x, y, w, h);
        }
        if (image.width(), image.height()) == (self.width, self.height) {
            return image;
        }
        image.resize_exact(self.width, self.height, FilterType::Lanczos3)
    }
}

/// Encodes to a temporary file beside the target, then renames it in, so a build killed
/// half-way never leaves a truncated image in the cache.
fn write_image(image: &DynamicImage, format: ImageFormat, quality: u8, target: &Path) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut bytes = Vec::new();
    let encoded = match format {
        ImageFormat::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality);
            image.to_rgb8().write_with_encoder(encoder)
        }
        ImageFormat::WebP => {
            let encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut bytes);
            image.to_rgba8().write_with_encoder(encoder)
        }
        _ => image.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png),
    };
    encoded.map_err(std::io::Error::other)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut file, &bytes)?;
    file.persist(target).map_err(|e| e.error)?;
    Ok(())
}

fn reader<'a>(bytes: &'a [u8], function: &str, path: &str) -> tera::Result<ImageReader<Cursor<&'a [u8]>>> {
    ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| unreadable(function, path, &e))
}

fn format_names(format: ImageFormat) -> (&'static str, &'static str) {
    match format {
        ImageFormat::Jpeg => ("jpg", "image/jpeg"),
        ImageFormat::Png => ("png", "image/png"),
        ImageFormat::WebP => ("webp", "image/webp"),
        ImageFormat::Gif => ("gif", "image/gif"),
        other => (other.extensions_str().first().copied().unwrap_or("unknown"), "application/octet-stream"),
    }
}

/// An SVG's size from its `width`/`height` attributes, else its `viewBox`.
fn svg_size(bytes: &[u8]) -> Option<(f64, f64)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let document = roxmltree::Document::parse(text).ok()?;
    let root = document.root_element();
    let number = |name: &str| root.attribute(name).and_then(|v| v.trim_end_matches("px").trim().parse::<f64>().ok());
    if let (Some(w), Some(h)) = (number("width"), number("height")) {
        return Some((w, h));
    }
    let view_box: Vec<f64> =
        root.attribute("viewBox")?.split([' ', ',']).filter_map(|n| n.trim().parse().ok()).collect();
    (view_box.len() == 4).then(|| (view_box[2], view_box[3]))
}

fn text(args: &Args, name: &str, function: &str) -> tera::Result<String> {
    optional_text(args, name, function)?
        .ok_or_else(|| Error::msg(format!("{function}: the argument `{name}` is required")))
}

fn optional_text(args: &Args, name: &str, function: &str) -> tera::Result<Option<String>> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(Error::msg(format!("{function}: `{name}` must be text, not {other}"))),
    }
}

fn flag(args: &Args, name: &str, default: bool) -> tera::Result<bool> {
    match args.get(name) {
        None => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(Error::msg(format!("`{name}` must be true or false, not {other}"))),
    }
}

fn dimension(args: &Args, name: &str) -> tera::Result<Option<u32>> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .filter(|n| (1..=20_000).contains(n))
            .map(|n| Some(n as u32))
            .ok_or_else(|| Error::msg(format!("resize_image: `{name}` must be a whole number of pixels, not {v}"))),
    }
}

fn missing(function: &str, path: &str) -> Error {
    Error::msg(format!(
        "{function}: there is no image `{path}` in the site (looked in the site folder, static/ and the content folder)"
    ))
}

fn unreadable(function: &str, path: &str, err: &dyn std::fmt::Display) -> Error {
    Error::msg(format!("{function}: `{path}` is not an image Puente can read: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_follow_zola_arithmetic() {
        let plan = |op, w, h| Plan::new(op, w, h, 400, 200).unwrap();
        assert_eq!(plan("scale", Some(10), Some(10)), Plan { crop: None, width: 10, height: 10 });
        assert_eq!(plan("fit_width", Some(100), None), Plan { crop: None, width: 100, height: 50 });
        assert_eq!(plan("fit_height", None, Some(100)), Plan { crop: None, width: 200, height: 100 });
        assert_eq!(plan("fit", Some(100), Some(100)), Plan { crop: None, width: 100, height: 50 });
        assert_eq!(plan("fit", Some(1000), Some(1000)), Plan { crop: None, width: 400, height: 200 });
        // 400×200 filling 100×100: crop the centre 200×200, then scale.
        assert_eq!(
            plan("fill", Some(100), Some(100)),
            Plan { crop: Some((100, 0, 200, 200)), width: 100, height: 100 }
        );
    }

    #[test]
    fn plans_name_the_missing_argument() {
        let err = Plan::new("fill", Some(10), None, 4, 4).unwrap_err().to_string();
        assert!(err.contains("needs `width` and `height`"), "{err}");
        let err = Plan::new("stretch", Some(10), None, 4, 4).unwrap_err().to_string();
        assert!(err.contains("fill, fit, scale"), "{err}");
    }

    #[test]
    fn svg_size_from_attributes_or_view_box() {
        assert_eq!(svg_size(br#"<svg width="20px" height="10"/>"#), Some((20.0, 10.0)));
        assert_eq!(svg_size(br#"<svg viewBox="0 0 30 15"/>"#), Some((30.0, 15.0)));
        assert_eq!(svg_size(b"<svg/>"), None);
    }
}
