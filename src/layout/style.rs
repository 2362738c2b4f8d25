//! The look of a template's blocks: `templates/<template>.toml`.
//!
//! The template decides what goes where; the style sheet decides how each
//! kind of block looks. Sizes in points, margins in millimetres.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::image::Image;

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
/// How lines sit in the text column.
pub enum Align {
    /// Flush at both edges, the last line left.
    #[default]
    Justify,
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
/// How one kind of block looks (`[block.<name>]`).
pub struct BlockStyle {
    /// Size in points.
    pub size: f32,
    /// Set in bold.
    pub bold: bool,
    /// Set in italic.
    pub italic: bool,
    /// How lines sit.
    pub align: Align,
    /// First-line indent of each paragraph.
    pub indent: f32,
    /// Space above the block, in points.
    pub space_before: f32,
    /// Space after each paragraph of the block.
    pub space_after: f32,
    /// Line height as a multiple of the size.
    pub leading: f32,
    /// Keep the author's line breaks instead of filling lines.
    pub keep_lines: bool,
    /// Set the block in capitals.
    pub uppercase: bool,
    /// Place the block at the foot of the last page.
    pub bottom: bool,
    /// Move the whole block to the next page rather than split it.
    pub keep_together: bool,
    /// Keep the block on the page where the next one starts (a heading
    /// with its first lines).
    pub keep_with_next: bool,
    /// Hyphenate words at line ends (justified and left-aligned text).
    pub hyphenate: bool,
    /// Indent of every line from the left margin; with a negative
    /// `indent`, the first line hangs out of it.
    pub margin_left: f32,
    /// The paragraph's first word is a label (`1.`, `a)`): the text after
    /// it starts at the hanging indent.
    pub label: bool,
    /// Read `*italic*`, `**bold**` and delegation tags such as `(+CHN)`.
    pub markup: bool,
    /// A picture above the block's text (the letterhead's emblem), placed
    /// as the block is aligned.
    pub image: Option<ImageStyle>,
    /// Room kept clear at the left of the block's text for the seal and
    /// initials (beside place and date).
    pub seal_space: Option<SealSpace>,
}

/// A picture placed with a block (`image = { file = …, width = … }`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageStyle {
    /// The SVG or PNG file, from the project's root.
    pub file: PathBuf,
    /// Width on the page in millimetres; the height follows the picture.
    pub width: f32,
    /// Space between the picture and the text below it, in millimetres.
    #[serde(default = "default_gap")]
    pub gap: f32,
}

fn default_gap() -> f32 {
    3.0
}

/// Blank room at the left of a block, in millimetres
/// (`seal_space = { width = …, height = … }`).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealSpace {
    /// Width, taken from the text column.
    pub width: f32,
    /// Height from the top of the block's first line; the next block
    /// starts below it.
    pub height: f32,
}

impl Default for BlockStyle {
    fn default() -> Self {
        BlockStyle {
            size: 12.0,
            bold: false,
            italic: false,
            align: Align::Justify,
            indent: 0.0,
            space_before: 0.0,
            space_after: 0.0,
            leading: 1.2,
            keep_lines: false,
            uppercase: false,
            bottom: false,
            keep_together: false,
            keep_with_next: false,
            hyphenate: true,
            margin_left: 0.0,
            label: false,
            markup: false,
            image: None,
            seal_space: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
/// Page margins in millimetres.
pub struct Margins {
    /// Top.
    pub top: f32,
    /// Bottom.
    pub bottom: f32,
    /// Left.
    pub left: f32,
    /// Right.
    pub right: f32,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            top: 20.0,
            bottom: 20.0,
            left: 30.0,
            right: 15.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
/// The page (`[page]`).
pub struct PageStyle {
    /// Page size in millimetres.
    pub width: f32,
    /// Height in millimetres.
    pub height: f32,
    /// Margins.
    pub margins: Margins,
    /// Size of the page number printed on continuation pages.
    pub number_size: f32,
    /// Greatest adjustment ratio allowed in a justified line before the
    /// breaker falls back to overfull or loose lines.
    pub tolerance: f32,
    /// Most space, in em, a justified line may put between its letters
    /// when no breaking keeps its word spaces within the tolerance (long
    /// words, a number kept with its noun); 0 leaves such a line loose.
    pub letter_spacing: f32,
}

impl Default for PageStyle {
    fn default() -> Self {
        PageStyle {
            width: 210.0,
            height: 297.0,
            margins: Margins::default(),
            number_size: 10.0,
            tolerance: 2.0,
            letter_spacing: 0.03,
        }
    }
}

/// A style sheet: the page and the look of each kind of block.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StyleSheet {
    #[serde(default)]
    /// The page.
    pub page: PageStyle,
    #[serde(default)]
    /// Block styles by name.
    pub block: BTreeMap<String, BlockStyle>,
    /// Words a paragraph's label may start with in text enclosures (`Alt`
    /// of `Alt 3.`, an alternative paragraph).
    #[serde(default)]
    pub label_words: Vec<String>,
    /// The pictures blocks name, decoded when the sheet loads
    /// ([`super::image::load_images`]).
    #[serde(skip)]
    pub images: BTreeMap<PathBuf, Arc<Image>>,
}

/// Points in a millimetre.
pub const MM: f32 = 72.0 / 25.4;
