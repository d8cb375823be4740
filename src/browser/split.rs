//! Parts of the app loaded on first use. The build (scripts/build-app) cuts each part out of the
//! app's wasm into a file of its own, fetched the first time one of its functions is called: the
//! code that every visit needs to show the form and the rows is downloaded first, and alone.
//!
//! A part's function is declared with [`part!`]: it becomes `async`, and returns
//! `Err(NotLoaded)` when its file could not be fetched (offline, a new build deployed meanwhile);
//! a later call tries again. On the host and in the browser tests of `cargo test`, which have no
//! split build, the function is called directly.

use leptos::wasm_split::SplitLoaderError;

/// A part of the app could not be fetched. Not kept: the next call fetches it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> NotLoaded {
        NotLoaded
    }
}

/// `part!(name; fn f(args) -> T { body })` declares `async fn f(args) -> Result<T, NotLoaded>`
/// whose body is in the part `name` (every function of one name is in one file). Arguments and
/// the result are passed as they are, so they must be concrete types; a body that awaits returns
/// a boxed future, awaited by the caller once the part is here. `part!(name, preload p; …)` also
/// declares `async fn p() -> Result<(), SplitLoaderError>`, which fetches the part ahead.
macro_rules! part {
    ($part:ident $(, preload $preload:ident)?; $(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty $body:block) => {
        $(#[$attr])*
        #[cfg(not(all(test, target_arch = "wasm32")))]
        #[::leptos::wasm_split::wasm_split($part, wasm_split_path = ::leptos::wasm_split, fallible $(, preload($preload))?)]
        $vis fn $name($($arg: $ty),*) -> ::core::result::Result<$out, $crate::browser::split::NotLoaded> {
            Ok($body)
        }

        $(#[$attr])*
        #[cfg(all(test, target_arch = "wasm32"))]
        $vis async fn $name($($arg: $ty),*) -> ::core::result::Result<$out, $crate::browser::split::NotLoaded> {
            Ok($body)
        }

        $(
            #[cfg(all(test, target_arch = "wasm32"))]
            $vis async fn $preload() -> ::core::result::Result<(), ::leptos::wasm_split::SplitLoaderError> {
                Ok(())
            }
        )?
    };
}
pub(crate) use part;
