//! Macros shared by the property traits.

/// Default trait methods reading one field of an optional certificate (or
/// session): the value, or the type's default without one.
macro_rules! cert_readouts {
    ($of:ident: $($name:ident => |$c:ident| $value:expr, $ty:ty;)*) => {
        $(
            #[doc = concat!("`", stringify!($name), "` (empty or 0 without a certificate).")]
            fn $name(&self) -> $ty {
                self.$of().map(|$c| $value).unwrap_or_default()
            }
        )*
    };
}
