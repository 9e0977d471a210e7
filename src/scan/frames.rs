//! Matching every frame of the catalog against a text's clauses in one pass: each word is
//! looked up once in the catalog's frame index, and only the frames some word started are
//! solved.

use crate::catalog::frame::{Alt, FrameIndex, Posting};
use crate::vocab::ByteRange;
use crate::words::Token;

use super::clause::Clauses;

/// Where a frame's slots were filled: for each slot, the first and last clause position of
/// its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameMatch {
    pub frame: u32,
    pub clause: u32,
    pub slots: Vec<(u16, u16)>,
    /// Every stretch of the view that fills some slot of the frame, chosen or not: words of
    /// the claim itself («no login», «не нужно»), never a negation of it.
    pub covered: Vec<(u16, u16)>,
    /// The bytes a finding covers: the marked slot, or all slots' words.
    pub range: ByteRange,
    /// First and last token of the match: comparable across views (an exception found in a
    /// condition clause's own view and a claim found in its main clause's view).
    pub tokens: (u32, u32),
}

impl FrameMatch {
    /// First and last clause position of the match.
    pub fn span(&self) -> (u16, u16) {
        let start = self.slots.iter().map(|s| s.0).min().unwrap_or(0);
        let end = self.slots.iter().map(|s| s.1).max().unwrap_or(0);
        (start, end)
    }

    /// Whether clause position `p` is one of the match's words.
    pub fn covers(&self, p: usize) -> bool {
        self.slots
            .iter()
            .any(|&(a, b)| (a as usize..=b as usize).contains(&p))
    }

    /// Whether two matches share a stretch of the text's words.
    pub fn overlaps(&self, other: &FrameMatch) -> bool {
        self.tokens.0 <= other.tokens.1 && other.tokens.0 <= self.tokens.1
    }
}

/// One slot filled by the words `start..=end` of a clause.
#[derive(Debug, Clone, Copy)]
struct Hit {
    slot: u16,
    start: u16,
    end: u16,
}

/// Most fillers kept per slot and clause; a clause that repeats one word a hundred times
/// cannot make solving explode.
const MAX_HITS_PER_SLOT: usize = 16;
/// Most combinations tried for one frame in one clause.
const SOLVE_BUDGET: usize = 4096;

/// Every frame match in `tokens`, clause by clause, in text order.
pub fn find(index: &FrameIndex, tokens: &[Token], clauses: &Clauses) -> Vec<FrameMatch> {
    let mut out = Vec::new();
    if index.is_empty() {
        return out;
    }
    let mut postings: Vec<Posting> = Vec::new();
    // The slot fillers of one clause, as (frame, filler) in the order they were found: sorted
    // by frame (stably) they are each frame's fillers in text order, with no map to fill.
    let mut hits: Vec<(u32, Hit)> = Vec::new();
    let mut words: Vec<&Token> = Vec::new();
    let mut list: Vec<Hit> = Vec::new();
    let mut per_slot: Vec<Vec<Hit>> = Vec::new();
    let mut kept_of_slot: Vec<usize> = Vec::new();
    for (ci, view) in clauses.views.iter().enumerate() {
        hits.clear();
        words.clear();
        words.extend(view.words.iter().map(|&i| &tokens[i as usize]));
        for (p, t) in words.iter().enumerate() {
            postings.clear();
            index.starts(t.kind, &t.folded, &t.stem, &mut postings);
            for post in &postings {
                let frame = &index.frames[post.frame as usize];
                let alt = &frame.slots[post.slot as usize].alts[post.alt as usize];
                let len = match alt {
                    Alt::Contact(_) => 1,
                    Alt::Words(ws) => {
                        let n = ws.len();
                        if p + n > words.len()
                            || !ws[1..]
                                .iter()
                                .zip(&words[p + 1..p + n])
                                .all(|(w, t)| index.word_matches(w, t.kind, &t.folded, &t.stem))
                        {
                            continue;
                        }
                        n
                    }
                };
                hits.push((
                    post.frame,
                    Hit {
                        slot: post.slot,
                        start: p as u16,
                        end: (p + len - 1) as u16,
                    },
                ));
            }
        }
        hits.sort_by_key(|&(f, _)| f);
        for group in hits.chunk_by(|a, b| a.0 == b.0) {
            let f = group[0].0;
            let frame = &index.frames[f as usize];
            // The first fillers of each slot, in text order, at most MAX_HITS_PER_SLOT.
            kept_of_slot.clear();
            kept_of_slot.resize(frame.slots.len(), 0);
            list.clear();
            for &(_, h) in group {
                let kept = &mut kept_of_slot[h.slot as usize];
                if *kept < MAX_HITS_PER_SLOT {
                    *kept += 1;
                    list.push(h);
                }
            }
            if kept_of_slot.contains(&0) {
                continue;
            }
            per_slot.resize_with(frame.slots.len(), Vec::new);
            per_slot.truncate(frame.slots.len());
            for (s, fillers) in per_slot.iter_mut().enumerate() {
                fillers.clear();
                fillers.extend(list.iter().filter(|h| h.slot as usize == s).copied());
            }
            let solutions: Vec<Vec<Hit>> = if per_slot.len() == 1 {
                // One slot: every filler is a match of its own (longest first where they overlap).
                let mut one = per_slot[0].clone();
                one.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
                let mut kept: Vec<Vec<Hit>> = Vec::new();
                for h in one {
                    if kept.last().is_none_or(|k| k[0].end < h.start) {
                        kept.push(vec![h]);
                    }
                }
                kept
            } else {
                solve(&per_slot, frame.ordered, frame.gap, &frame.gaps)
                    .into_iter()
                    .collect()
            };
            for chosen in solutions {
                // Wholly inside a clause set aside or continuing this one: found in that
                // clause's own view.
                if chosen
                    .iter()
                    .all(|h| view.parts[h.start as usize] != super::clause::Part::Own)
                {
                    continue;
                }
                let slots: Vec<(u16, u16)> = chosen.iter().map(|h| (h.start, h.end)).collect();
                let byte_span = |a: u16, b: u16| {
                    ByteRange::new(words[a as usize].range.start, words[b as usize].range.end)
                };
                // A list item's finding covers the item's words, not its header's.
                let in_header = |p: u16| view.parts[p as usize] == super::clause::Part::Header;
                let shown: Vec<&(u16, u16)> = match slots.iter().filter(|s| !in_header(s.0)).count()
                {
                    0 => slots.iter().collect(),
                    _ => slots.iter().filter(|s| !in_header(s.0)).collect(),
                };
                let range = match frame.mark {
                    Some(m) => byte_span(slots[m].0, slots[m].1),
                    None => {
                        let a = shown.iter().map(|s| s.0).min().unwrap_or(0);
                        let b = shown.iter().map(|s| s.1).max().unwrap_or(0);
                        byte_span(a, b)
                    }
                };
                let a = slots.iter().map(|s| s.0).min().unwrap_or(0) as usize;
                let b = slots.iter().map(|s| s.1).max().unwrap_or(0) as usize;
                out.push(FrameMatch {
                    frame: f,
                    clause: ci as u32,
                    covered: list.iter().map(|h| (h.start, h.end)).collect(),
                    tokens: (view.words[a], view.words[b]),
                    slots,
                    range,
                });
            }
        }
    }
    out
}

/// The tightest choice of one filler per slot that keeps the fillers apart, in order when the
/// frame is ordered, with at most `gap` words between neighbours.
fn solve(per_slot: &[Vec<Hit>], ordered: bool, gap: usize, gaps: &[usize]) -> Option<Vec<Hit>> {
    let mut best: Option<(u16, Vec<Hit>)> = None;
    let mut chosen: Vec<Hit> = Vec::with_capacity(per_slot.len());
    let mut budget = SOLVE_BUDGET;
    let limits = Limits { ordered, gap, gaps };
    dfs(per_slot, &limits, &mut chosen, &mut best, &mut budget);
    best.map(|(_, c)| c)
}

struct Limits<'a> {
    ordered: bool,
    gap: usize,
    gaps: &'a [usize],
}

fn dfs(
    per_slot: &[Vec<Hit>],
    limits: &Limits<'_>,
    chosen: &mut Vec<Hit>,
    best: &mut Option<(u16, Vec<Hit>)>,
    budget: &mut usize,
) {
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    let s = chosen.len();
    if s == per_slot.len() {
        let mut sorted = chosen.clone();
        sorted.sort_by_key(|h| h.start);
        let between = |a: &Hit, b: &Hit| (b.start as usize).saturating_sub(a.end as usize + 1);
        let fits = if limits.ordered && !limits.gaps.is_empty() {
            chosen
                .windows(2)
                .zip(limits.gaps)
                .all(|(w, g)| between(&w[0], &w[1]) <= *g)
        } else {
            sorted
                .windows(2)
                .all(|w| between(&w[0], &w[1]) <= limits.gap)
        };
        if fits {
            let span = sorted.last().map_or(0, |h| h.end) - sorted[0].start;
            if best.as_ref().is_none_or(|(b, _)| span < *b) {
                *best = Some((span, chosen.clone()));
            }
        }
        return;
    }
    for h in &per_slot[s] {
        let apart = chosen.iter().all(|c| h.end < c.start || c.end < h.start);
        let in_order = !limits.ordered || chosen.last().is_none_or(|c| c.end < h.start);
        if apart && in_order {
            chosen.push(*h);
            dfs(per_slot, limits, chosen, best, budget);
            chosen.pop();
        }
    }
}
