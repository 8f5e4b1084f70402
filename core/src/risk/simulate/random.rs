//! Counter-based uniform draws for the Monte-Carlo runs: the draw for (seed, run,
//! invoice, slot) is a pure function of those four numbers (SplitMix64's finaliser over
//! their combination), so that every scenario of a run sees the same draws for the same
//! invoice ("common random numbers": the differences between scenarios are the policy's,
//! not the dice's), and every build — native, browser, component — draws the same.

/// SplitMix64's output function (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The draws of one run.
#[derive(Debug, Clone, Copy)]
pub struct Draws {
    key: u64,
}

impl Draws {
    /// Draws of run `run` for `seed`.
    pub fn new(seed: u64, run: u32) -> Draws {
        Draws {
            key: mix(seed ^ mix(u64::from(run).wrapping_add(0x9E37_79B9_7F4A_7C15))),
        }
    }

    /// Two uniform 32-bit draws for `slot` of invoice `item`.
    pub fn pair(&self, item: u32, slot: u32) -> (u32, u32) {
        let x =
            mix(self.key
                ^ (u64::from(item) << 8 | u64::from(slot)).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        ((x >> 32) as u32, x as u32)
    }
}

/// Whether a 32-bit uniform draw falls below `per_mille / 1000`.
pub fn below(u: u32, per_mille: u32) -> bool {
    u64::from(u) * 1000 < u64::from(per_mille) << 32
}

/// A 32-bit uniform draw scaled to `0..n` (`n > 0`).
pub fn scaled(u: u32, n: u32) -> u32 {
    ((u64::from(u) * u64::from(n)) >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_a_function_of_their_coordinates_and_roughly_uniform() {
        let d = Draws::new(7, 3);
        assert_eq!(d.pair(10, 2), Draws::new(7, 3).pair(10, 2));
        assert_ne!(d.pair(10, 2), d.pair(10, 3));
        assert_ne!(d.pair(10, 2), d.pair(11, 2));
        assert_ne!(d.pair(10, 2), Draws::new(7, 4).pair(10, 2));
        // 100,000 draws: the share below 30 % is within 1 point of 30 %, and `scaled`
        // hits every bucket of 10 about equally.
        let mut hits = 0;
        let mut buckets = [0u32; 10];
        for i in 0..50_000 {
            let (a, b) = d.pair(i, 0);
            hits += u32::from(below(a, 300)) + u32::from(below(b, 300));
            buckets[scaled(a, 10) as usize] += 1;
        }
        assert!((29_000..31_000).contains(&hits), "{hits}");
        assert!(
            buckets.iter().all(|&n| (4_700..5_300).contains(&n)),
            "{buckets:?}"
        );
    }
}
