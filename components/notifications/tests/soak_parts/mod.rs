//! The parts of the soak test (`tests/soak.rs`).

pub mod child;
pub mod memory;
pub mod plan;
pub mod round;
pub mod tally;
