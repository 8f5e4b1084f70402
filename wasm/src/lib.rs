pub use rappel_core;
