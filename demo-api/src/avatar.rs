//! Customers' avatars as GIF images, as vChat serves them (its guest placeholder is
//! `no_avatar_xx_small.gif`): a head and shoulders on a colour of the customer's own, grey for
//! guests. Raster, not SVG: every `<img>` of an SVG builds a document of its own, which made the
//! demo's rows costlier to draw than vChat's.

/// Side of the square image, in pixels.
const SIDE: u16 = 96;

/// vChat's guest placeholder.
pub fn guest() -> Vec<u8> {
    silhouette([0xc9, 0xce, 0xd6], [0xff, 0xff, 0xff])
}

/// A member's avatar: its colour comes from the customer id.
pub fn member(id: u64) -> Vec<u8> {
    // Scattered, so that neighbouring ids (the demo's step by a few thousand) differ.
    let hue = (id.wrapping_mul(2_654_435_761) >> 16) % 360;
    let hue = hue as f64;
    silhouette(hsl(hue, 0.55, 0.45), hsl(hue, 0.55, 0.85))
}

/// A head (circle) and shoulders (ellipse) in `figure` on `background`.
fn silhouette(background: [u8; 3], figure: [u8; 3]) -> Vec<u8> {
    let scale = f64::from(SIDE) / 96.0;
    let inside = |x: u16, y: u16| {
        let (x, y) = ((f64::from(x) + 0.5) / scale, (f64::from(y) + 0.5) / scale);
        let head = (x - 48.0).powi(2) + (y - 38.0).powi(2) <= 18.0_f64.powi(2);
        let body = ((x - 48.0) / 30.0).powi(2) + ((y - 88.0) / 24.0).powi(2) <= 1.0;
        head || body
    };
    gif([background, figure, [0; 3], [0; 3]], |x, y| {
        u8::from(inside(x, y))
    })
}

/// A `SIDE`×`SIDE` GIF of four colours, pixel by pixel. Its LZW stream holds literal codes
/// only, a clear code before every two, so codes stay 3 bits wide: no compression, and no
/// dictionary to keep.
fn gif(palette: [[u8; 3]; 4], pixel: impl Fn(u16, u16) -> u8) -> Vec<u8> {
    const CLEAR: u32 = 4;
    const END: u32 = 5;
    let mut out = b"GIF89a".to_vec();
    out.extend(SIDE.to_le_bytes());
    out.extend(SIDE.to_le_bytes());
    // A global table of 4 colours, background colour 0, square pixels.
    out.extend([0x91, 0, 0]);
    out.extend(palette.iter().flatten());
    // The image: at (0, 0), the whole screen, no local table, not interlaced.
    out.push(0x2c);
    out.extend([0, 0, 0, 0]);
    out.extend(SIDE.to_le_bytes());
    out.extend(SIDE.to_le_bytes());
    out.push(0);
    out.push(2); // LZW minimum code size: 2 bits for 4 colours.

    let mut data = Vec::new();
    let (mut bits, mut count) = (0u32, 0u32);
    let mut put = |code: u32| {
        bits |= code << count;
        count += 3;
        while count >= 8 {
            data.push((bits & 0xff) as u8);
            bits >>= 8;
            count -= 8;
        }
    };
    let pixels = (0..SIDE).flat_map(|y| (0..SIDE).map(move |x| (x, y)));
    for (i, (x, y)) in pixels.enumerate() {
        if i % 2 == 0 {
            put(CLEAR);
        }
        put(u32::from(pixel(x, y) & 3));
    }
    put(END);
    if count > 0 {
        data.push((bits & 0xff) as u8);
    }
    for block in data.chunks(255) {
        out.push(block.len() as u8);
        out.extend(block);
    }
    out.push(0);
    out.push(0x3b);
    out
}

/// An HSL colour (hue in degrees, saturation and lightness from 0 to 1) as RGB.
fn hsl(hue: f64, saturation: f64, lightness: f64) -> [u8; 3] {
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let h = hue / 60.0;
    let x = chroma * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = lightness - chroma / 2.0;
    [r, g, b].map(|c| ((c + m) * 255.0).round() as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the GIF back the way a decoder does (codes widen as the dictionary grows), so a
    /// stream that would widen its codes fails here rather than in a browser.
    fn decode(gif: &[u8]) -> (u16, u16, Vec<[u8; 3]>, Vec<u8>) {
        assert_eq!(&gif[..6], b"GIF89a");
        let side = |at: usize| u16::from_le_bytes([gif[at], gif[at + 1]]);
        let (width, height) = (side(6), side(8));
        let palette: Vec<[u8; 3]> = gif[13..25].chunks(3).map(|c| [c[0], c[1], c[2]]).collect();
        assert_eq!(gif[25], 0x2c);
        assert_eq!((side(30), side(32)), (width, height));
        let min = u32::from(gif[35]);
        let mut at = 36;
        let mut data: Vec<u8> = Vec::new();
        while gif[at] != 0 {
            let len = usize::from(gif[at]);
            data.extend(&gif[at + 1..at + 1 + len]);
            at += 1 + len;
        }
        assert_eq!(&gif[at..], &[0, 0x3b]);
        let (clear, end) = (1 << min, (1 << min) + 1);
        let (mut width_bits, mut next, mut previous) = (min + 1, end + 1, None::<u32>);
        let (mut pos, mut pixels) = (0usize, Vec::new());
        loop {
            let code = (0..width_bits).fold(0, |code, bit| {
                let i = pos + bit as usize;
                code | (u32::from(data[i / 8] >> (i % 8)) & 1) << bit
            });
            pos += width_bits as usize;
            if code == clear {
                (width_bits, next, previous) = (min + 1, end + 1, None);
                continue;
            }
            if code == end {
                break;
            }
            assert!(code < clear, "only literal codes are written");
            pixels.push(code as u8);
            if previous.is_some() {
                next += 1;
                if next == 1 << width_bits && width_bits < 12 {
                    width_bits += 1;
                }
            }
            previous = Some(code);
        }
        (width, height, palette, pixels)
    }

    #[test]
    fn the_guest_placeholder_reads_back_as_a_grey_square_with_a_white_figure() {
        let (width, height, palette, pixels) = decode(&guest());
        assert_eq!((width, height), (SIDE, SIDE));
        assert_eq!(pixels.len(), usize::from(SIDE) * usize::from(SIDE));
        assert_eq!(palette[0], [0xc9, 0xce, 0xd6]);
        assert_eq!(palette[1], [0xff; 3]);
        let at = |x: usize, y: usize| pixels[y * usize::from(SIDE) + x];
        assert_eq!((at(0, 0), at(48, 38), at(48, 90), at(95, 0)), (0, 1, 1, 0));
    }

    #[test]
    fn members_have_colours_of_their_own() {
        let colour = |id| decode(&member(id)).2[0];
        assert_ne!(colour(1_007_919), colour(1_015_838));
        assert_eq!(colour(1_007_919), colour(1_007_919));
        assert_eq!(hsl(0.0, 1.0, 0.5), [255, 0, 0]);
        assert_eq!(hsl(120.0, 1.0, 0.5), [0, 255, 0]);
        assert_eq!(hsl(240.0, 1.0, 0.5), [0, 0, 255]);
    }
}
