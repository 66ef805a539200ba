//! Images drawn from a canvas description (the `images` capability):
//! filled rectangles, the tenant's stored pictures, text in the host's font
//! and QR codes, encoded as PNG or JPEG. Nothing here knows any module: the
//! card poster and later the mall's posters are all drawn by [`Painter`].

pub mod bounds;
mod font;
mod painter;
mod picture;
mod pixels;
mod qr;
mod text;

pub use painter::{DrawError, Painter, Pictures};
