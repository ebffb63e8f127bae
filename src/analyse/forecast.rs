//! The throughput forecast (docs/analysis.md#initiatives): weekly samples of finished weight, and a Monte Carlo run that
//! draws them (seeded from the initiative id) until the remaining scope is used up.

use chrono::{Days, NaiveDate};
/// The trials' random generator: xoshiro256++, a fixed algorithm (the same stream on every
/// platform and release) that passes the statistical test batteries and costs a few cycles a
/// draw. A large company draws about a billion samples; ChaCha8 made its blocks a tenth of a
/// full build's CPU.
use rand_xoshiro::Xoshiro256PlusPlus as Generator;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use serde::Serialize;
use sha2::{Digest, Sha256};

pub const TRIALS: u32 = 10_000;
/// A trial that has not finished after this many weeks stops there: twenty years is "not in any
/// plan", and the cap keeps a near-zero throughput from running for ever.
pub const MAX_WEEKS: usize = 1_040;

#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    /// The day the trials start from: `as_of`, or a predecessor's P50 when that is later.
    pub start: NaiveDate,
    pub p50: NaiveDate,
    pub p85: NaiveDate,
    /// `weeks[w]` trials needed w weeks.
    #[serde(skip)]
    pub weeks: Vec<u32>,
}

impl Forecast {
    /// The share of trials finishing on or before `date`.
    pub fn probability_by(&self, date: NaiveDate) -> f64 {
        self.finished_by(date) as f64 / TRIALS as f64
    }

    /// How many of the trials finish on or before `date`.
    pub fn finished_by(&self, date: NaiveDate) -> u32 {
        self.weeks
            .iter()
            .enumerate()
            .take_while(|(w, _)| finish(self.start, *w) <= date)
            .map(|(_, n)| n)
            .sum()
    }

    /// The finish date of a trial that needs `weeks` weeks.
    pub fn finish_of(&self, weeks: usize) -> NaiveDate {
        finish(self.start, weeks)
    }
}

fn finish(start: NaiveDate, weeks: usize) -> NaiveDate {
    start.checked_add_days(Days::new(7 * weeks as u64)).unwrap_or(NaiveDate::MAX)
}

/// Weekly samples: period k (k = 0 … weeks − 1) is the 7 days ending at `as_of` − 7k, both ends
/// included; its sample is the weight done in it. A period that ends before the first activity is
/// left out.
pub fn weekly_samples(
    done: &[(NaiveDate, f64)],
    first_activity: Option<NaiveDate>,
    as_of: NaiveDate,
    weeks: u32,
) -> Vec<f64> {
    let Some(first) = first_activity else { return vec![] };
    (0..weeks as u64)
        .filter_map(|k| {
            let end = as_of.checked_sub_days(Days::new(7 * k))?;
            let begin = end.checked_sub_days(Days::new(6))?;
            (end >= first).then(|| {
                done.iter().filter(|(d, _)| *d >= begin && *d <= end).map(|(_, w)| w).sum::<f64>() + 0.0
            })
        })
        .collect()
}

/// Monte Carlo runs by their inputs, kept from one build to the next: a rebuild runs the trials
/// again only for an initiative whose samples, remaining scope or start changed. The due date
/// is not an input: P(on time) is read off the kept histogram.
#[derive(Debug, Default, Clone)]
pub struct Cache(std::collections::HashMap<Inputs, Option<Forecast>>);

/// What a run depends on: the generator's seed (the initiative's id), the samples, the remaining
/// scope and the start, the floats by their bits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Inputs {
    seed: String,
    samples: Vec<u64>,
    remaining: u64,
    start: NaiveDate,
}

impl Inputs {
    pub fn new(samples: &[f64], remaining: f64, start: NaiveDate, seed: &str) -> Inputs {
        Inputs {
            seed: seed.to_string(),
            samples: samples.iter().map(|s| s.to_bits()).collect(),
            remaining: remaining.to_bits(),
            start,
        }
    }
}

impl Cache {
    /// The run for `inputs`, from the cache when it has one.
    pub fn run(&self, inputs: &Inputs) -> Option<Forecast> {
        if let Some(kept) = self.0.get(inputs) {
            return kept.clone();
        }
        let samples: Vec<f64> = inputs.samples.iter().map(|&s| f64::from_bits(s)).collect();
        monte_carlo(&samples, f64::from_bits(inputs.remaining), inputs.start, &inputs.seed)
    }

    pub fn keep(&mut self, inputs: Inputs, forecast: Option<Forecast>) {
        self.0.insert(inputs, forecast);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The Monte Carlo run. `None` without a non-zero sample: there is no forecast.
pub fn monte_carlo(samples: &[f64], remaining: f64, start: NaiveDate, seed: &str) -> Option<Forecast> {
    if !samples.iter().any(|&s| s > 0.0) {
        return None;
    }
    let Ok(len) = u32::try_from(samples.len()) else { return None };
    let mut rng = Generator::seed_from_u64(seed_of(seed));
    let short_of = remaining - super::EPSILON;
    let mut weeks = match in_whole_steps(samples, short_of) {
        Some((steps, short_of)) => trials(&steps, len, |done| done < short_of, &mut rng),
        None => trials(samples, len, |done| done < short_of, &mut rng),
    };
    while weeks.last() == Some(&0) {
        weeks.pop();
    }
    Some(Forecast {
        start,
        p50: finish(start, nearest_rank(&weeks, 0.50)),
        p85: finish(start, nearest_rank(&weeks, 0.85)),
        weeks,
    })
}

/// The weeks each of the trials took: each draws weekly samples until `short` no longer holds of
/// what they add up to, or `MAX_WEEKS` have passed.
#[inline(always)]
fn trials<T>(samples: &[T], len: u32, short: impl Fn(T) -> bool, rng: &mut Generator) -> Vec<u32>
where
    T: Copy + Default + std::ops::AddAssign,
{
    // A draw is below `len`: read from a table of 256, it needs no bounds check (a tenth of a
    // draw's instructions). Throughput is rarely kept for more than 256 weeks.
    const TABLE: usize = 256;
    if samples.len() <= TABLE {
        let mut table = [T::default(); TABLE];
        table[..samples.len()].copy_from_slice(samples);
        trials_drawing(|i| table[i % TABLE], len, short, rng)
    } else {
        trials_drawing(|i| samples[i], len, short, rng)
    }
}

#[inline(always)]
fn trials_drawing<T>(
    sample: impl Fn(usize) -> T,
    len: u32,
    short: impl Fn(T) -> bool,
    rng: &mut Generator,
) -> Vec<u32>
where
    T: Copy + Default + std::ops::AddAssign,
{
    // Two draws a turn, and the cap looked at between turns: MAX_WEEKS is even, so a trial
    // reaches it only at the end of one.
    const _: () = assert!(MAX_WEEKS.is_multiple_of(2) && MAX_WEEKS > 0);
    let mut weeks = vec![0u32; MAX_WEEKS + 1];
    for _ in 0..TRIALS {
        let mut done = T::default();
        let mut w = 0;
        if short(done) {
            loop {
                done += sample(index(rng, len));
                w += 1;
                if !short(done) {
                    break;
                }
                done += sample(index(rng, len));
                w += 1;
                if !short(done) || w >= MAX_WEEKS {
                    break;
                }
            }
        }
        weeks[w] += 1;
    }
    weeks
}

/// The samples counted in steps of 2^-20, and `short_of` as the first count that is not short
/// of it, when every sample is a whole number of steps and no trial's sum can reach 2^52 steps.
/// Sums of such samples are exact in floating point too, so the trials are the very same, in
/// integer additions: a float addition's latency was the floor of the inner loop. Weights are
/// usually whole or halves (story points, item counts).
fn in_whole_steps(samples: &[f64], short_of: f64) -> Option<(Vec<i64>, i64)> {
    use super::STEP;
    let most = (1u64 << 52) as f64 / MAX_WEEKS as f64;
    let steps: Vec<i64> = samples.iter().map(|&s| super::whole_steps(s, most)).collect::<Option<_>>()?;
    // `done < short_of` for a whole `done` is `done < ⌈short_of⌉`; scaling by a power of two is exact.
    let first_not_short = (short_of * STEP).ceil();
    (first_not_short.abs() < (1u64 << 62) as f64).then_some((steps, first_not_short as i64))
}

/// A uniform draw from `0..len`: what `rng.random_range(0..u64::from(len))` draws, from the
/// same stream (rand's single-sample method for a `u64` range, Canon's), but inlined: a billion
/// draws on a large company, where the call alone was a third of the forecasts' time.
#[inline(always)]
fn index(rng: &mut Generator, len: u32) -> usize {
    let range = u64::from(len);
    let wide = |x: u64| u128::from(x) * u128::from(range);
    let drawn = wide(rng.next_u64());
    let (mut high, low) = ((drawn >> 64) as u64, drawn as u64);
    // The draw may be biased (by less than len / 2^64): a second one decides whether to round up.
    if low > range.wrapping_neg() {
        let next_high = (wide(rng.next_u64()) >> 64) as u64;
        high += u64::from(low.checked_add(next_high).is_none());
    }
    high as usize
}

/// Nearest-rank percentile over the weeks histogram: P85 is the ⌈0.85 × trials⌉-th earliest trial.
fn nearest_rank(weeks: &[u32], p: f64) -> usize {
    let rank = (p * TRIALS as f64).ceil() as u32;
    let mut seen = 0;
    for (w, &n) in weeks.iter().enumerate() {
        seen += n;
        if seen >= rank {
            return w;
        }
    }
    weeks.len().saturating_sub(1)
}

/// The generator's seed: the first eight bytes of the id's SHA-256, stable across platforms and
/// releases.
fn seed_of(id: &str) -> u64 {
    let digest = Sha256::digest(id.as_bytes());
    u64::from_le_bytes(digest[..8].try_into().unwrap_or([0; 8]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_end_at_as_of_and_skip_before_first_activity() {
        let as_of = d("2026-11-20");
        // Period 0 = Nov 14..20, period 1 = Nov 7..13, period 2 = Oct 31..Nov 6.
        let done =
            [(d("2026-11-14"), 3.0), (d("2026-11-20"), 2.0), (d("2026-11-13"), 5.0), (d("2026-11-06"), 1.0)];
        // First activity Nov 7: period 2 ends Nov 6, before it, so it is left out (not a zero).
        assert_eq!(weekly_samples(&done, Some(d("2026-11-07")), as_of, 6), vec![5.0, 5.0]);
        // First activity long ago: all six periods count, the empty ones as zeros.
        assert_eq!(
            weekly_samples(&done, Some(d("2026-01-01")), as_of, 6),
            vec![5.0, 5.0, 1.0, 0.0, 0.0, 0.0]
        );
        assert!(weekly_samples(&done, None, as_of, 6).is_empty());
    }

    /// Whole-step samples take the integer path, and it runs the very trials the float path runs,
    /// boundaries included (a sum that lands exactly on what remains).
    #[test]
    fn whole_steps_run_the_same_trials_as_floats() {
        let step = 1.0 / 1048576.0;
        let cases: [(&[f64], f64); 9] = [
            // What remains lies between two whole counts of steps: a trial one step short is short.
            (&[1.0, step], 1.0 + step + 5e-10),
            (&[5.0, 5.0], 12.0),
            (&[5.0, 5.0], 10.0),
            (&[0.5, 1.5, 0.0, 3.25], 20.0),
            (&[0.5, 1.5, 0.0, 3.25], 20.25),
            (&[1.0, 0.0, 0.0, 0.0, 0.0, 2.0], 0.0),
            (&[0.0, 0.0, 0.125], 400.0),
            (&[13.0, 8.0, 21.0, 5.0, 3.0, 2.0], 377.0),
            (&[2.0, 4.0], 7.999999999),
        ];
        for (samples, remaining) in cases {
            let short_of = remaining - crate::analyse::EPSILON;
            let (steps, first) = in_whole_steps(samples, short_of).expect("whole steps");
            let len = samples.len() as u32;
            let mut a = Generator::seed_from_u64(7);
            let mut b = a.clone();
            let floats = trials(samples, len, |done| done < short_of, &mut a);
            let whole = trials(&steps, len, |done| done < first, &mut b);
            assert_eq!(floats, whole, "{samples:?} {remaining}");
        }
        assert!(in_whole_steps(&[1.0, 0.3], 5.0).is_none(), "0.3 is no whole number of steps");
        assert!(in_whole_steps(&[1.0, f64::NAN], 5.0).is_none());
        assert!(in_whole_steps(&[1.0], f64::NAN).is_none());
    }

    /// The trials as the rule says them, a draw at a time: the loop that `trials` unrolls.
    fn plain_trials(samples: &[f64], short_of: f64, rng: &mut Generator) -> Vec<u32> {
        let mut weeks = vec![0u32; MAX_WEEKS + 1];
        for _ in 0..TRIALS {
            let (mut done, mut w) = (0.0, 0);
            while done < short_of && w < MAX_WEEKS {
                done += samples[index(rng, samples.len() as u32)];
                w += 1;
            }
            weeks[w] += 1;
        }
        weeks
    }

    /// Two draws a turn and a table of 256 run the very trials a draw at a time does: at the
    /// cap, at nothing remaining, and past 256 samples.
    #[test]
    fn the_unrolled_trials_are_the_plain_ones() {
        let long: Vec<f64> = (0..300).map(|n| f64::from(n % 7)).collect();
        let cases: [(&[f64], f64); 7] = [
            (&[0.0, 0.0, 0.0, 1.0], 5_000.0),
            (&[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5], 40.0),
            (&[3.0, 1.0], 0.0),
            (&[3.0, 1.0], 1.0),
            (&[2.5, 0.0, 7.25], 33.0),
            (&long, 900.0),
            (&[1.0; 256], 77.0),
        ];
        for (samples, remaining) in cases {
            let short_of = remaining - crate::analyse::EPSILON;
            let mut a = Generator::seed_from_u64(11);
            let mut b = a.clone();
            let ours = trials(samples, samples.len() as u32, |done| done < short_of, &mut a);
            assert_eq!(ours, plain_trials(samples, short_of, &mut b), "{remaining}");
            assert_eq!(a, b, "the same draws taken");
        }
    }

    /// The inlined draw is rand's own, on the same stream, so no forecast moved.
    #[test]
    fn index_draws_what_random_range_draws() {
        use rand::RngExt;
        for len in [1u32, 2, 3, 6, 7, 13, 52, 1000, 1 << 20, (1 << 31) + 1, u32::MAX - 1, u32::MAX] {
            let mut ours = Generator::seed_from_u64(u64::from(len));
            let mut rands = ours.clone();
            for _ in 0..20_000 {
                let theirs = rands.random_range(0..u64::from(len));
                assert_eq!(index(&mut ours, len) as u64, theirs, "len {len}");
            }
        }
    }

    #[test]
    fn constant_throughput_gives_an_exact_date() {
        // Every sample is 5 and 12 remain: every trial needs 3 weeks (5, 10, 15 >= 12),
        // so P50 = P85 = as_of + 21 days.
        let f = monte_carlo(&[5.0, 5.0], 12.0, d("2026-11-20"), "I1").unwrap();
        assert_eq!(f.p50, d("2026-12-11"));
        assert_eq!(f.p85, d("2026-12-11"));
        assert_eq!(f.probability_by(d("2026-12-10")), 0.0);
        assert_eq!(f.probability_by(d("2026-12-11")), 1.0);
    }

    #[test]
    fn nothing_remaining_finishes_at_the_start() {
        let f = monte_carlo(&[2.0], 0.0, d("2026-11-20"), "I1").unwrap();
        assert_eq!(f.p85, d("2026-11-20"));
    }

    #[test]
    fn no_nonzero_sample_means_no_forecast() {
        assert!(monte_carlo(&[0.0, 0.0], 3.0, d("2026-11-20"), "I1").is_none());
        assert!(monte_carlo(&[], 3.0, d("2026-11-20"), "I1").is_none());
    }

    #[test]
    fn the_run_is_reproducible_and_percentiles_are_ordered() {
        let samples = [0.0, 3.0, 8.0, 1.0, 5.0, 2.0];
        let a = monte_carlo(&samples, 40.0, d("2026-11-20"), "CHK-1").unwrap();
        let b = monte_carlo(&samples, 40.0, d("2026-11-20"), "CHK-1").unwrap();
        assert_eq!((a.p50, a.p85, &a.weeks), (b.p50, b.p85, &b.weeks));
        assert!(a.p50 <= a.p85);
        assert_eq!(a.weeks.iter().sum::<u32>(), TRIALS);
    }

    #[test]
    fn a_kept_run_is_the_run_it_stands_for() {
        let inputs = Inputs::new(&[0.0, 3.0, 8.0], 20.0, d("2026-11-20"), "I1");
        let mut cache = Cache::default();
        let fresh = cache.run(&inputs).unwrap();
        cache.keep(inputs.clone(), Some(fresh.clone()));
        let kept = cache.run(&inputs).unwrap();
        assert_eq!((kept.p50, kept.p85, &kept.weeks), (fresh.p50, fresh.p85, &fresh.weeks));
        // Another start is another run.
        let later = Inputs::new(&[0.0, 3.0, 8.0], 20.0, d("2026-11-27"), "I1");
        assert_ne!(cache.run(&later).unwrap().p50, fresh.p50);
    }

    #[test]
    fn nearest_rank_picks_the_ceil_th_trial() {
        // 8,499 trials need 1 week and 1,501 need 2: the 8,500th earliest needs 2 weeks.
        let weeks = [0, 8_499, 1_501];
        assert_eq!(nearest_rank(&weeks, 0.85), 2);
        let weeks = [0, 8_500, 1_500];
        assert_eq!(nearest_rank(&weeks, 0.85), 1);
    }
}
