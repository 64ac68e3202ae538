//! Reading every picture of a document: a PDF's pictures to gray pixels, all their jobs handed
//! to the recogniser in one batch (the browser's recogniser is asynchronous and reads a batch on
//! as many workers as there are cores), and what the OCR note says was read.

use crate::{Budget, Gray, Job, OcrError, Plan, Reading, Recogniser};
use nianbao_pdf::{Picture, PictureText, Pixels};

/// The subject of the OCR note for a picture file.
pub const FILE_SUBJECT: &str = "本报告为图片";

/// A PDF picture's pixels as gray: a JPEG decoded, gray samples taken as they are.
pub fn picture_gray(picture: &Picture, budget: &Budget) -> Result<Gray, OcrError> {
    match &picture.pixels {
        Pixels::Jpeg(data) => crate::decode_jpeg(data, budget),
        Pixels::Gray(data) => Gray::new(picture.width, picture.height, data.clone())
            .ok_or_else(|| OcrError::Damaged("图片像素数据不完整".to_string())),
    }
}

/// The subject of the OCR note for a PDF's pictures: "本报告第3、4页为图片".
pub fn pages_subject(pictures: &[Picture]) -> String {
    let mut pages: Vec<String> = pictures.iter().map(|p| p.page.to_string()).collect();
    pages.dedup();
    format!("本报告第{}页为图片", pages.join("、"))
}

/// The plans of several pictures, read as one batch: [`Plans::jobs`], the recogniser,
/// [`Plans::second_round`], the recogniser again, [`Plans::finish`].
#[derive(Debug)]
pub struct Plans {
    plans: Vec<Plan>,
}

impl Plans {
    /// The plans, in picture order.
    pub fn new(plans: Vec<Plan>) -> Plans {
        Plans { plans }
    }

    /// Reads every picture with a synchronous recogniser: both rounds, each in one batch.
    pub fn read(self, recogniser: &mut dyn Recogniser) -> Result<Vec<PictureText>, OcrError> {
        let first = recogniser.recognise(&self.jobs())?;
        let jobs = self.second_round(&first);
        let second = if jobs.is_empty() { Vec::new() } else { recogniser.recognise(&jobs)? };
        Ok(self.finish(&first, &second))
    }

    /// Every job of every picture, picture after picture.
    pub fn jobs(&self) -> Vec<Job> {
        self.plans.iter().flat_map(|p| p.jobs().iter().cloned()).collect()
    }

    /// `all` cut into one slice a plan, as long as its jobs (missing readings: nothing read).
    fn per_plan<'a>(&self, all: &'a [Reading]) -> Vec<&'a [Reading]> {
        let mut at = 0;
        self.plans
            .iter()
            .map(|p| {
                let from = at.min(all.len());
                at += p.jobs().len();
                &all[from..at.min(all.len())]
            })
            .collect()
    }

    fn seconds(&self, first: &[Reading]) -> Vec<Vec<(usize, Job)>> {
        self.plans.iter().zip(self.per_plan(first)).map(|(p, r)| p.second_round(r)).collect()
    }

    /// The second round's jobs of every picture (see [`Plan::second_round`]), given the
    /// readings of [`Plans::jobs`], in order.
    pub fn second_round(&self, first: &[Reading]) -> Vec<Job> {
        self.seconds(first).into_iter().flatten().map(|(_, j)| j).collect()
    }

    /// What was read from each picture, from the readings of both rounds.
    pub fn finish(self, first: &[Reading], second: &[Reading]) -> Vec<PictureText> {
        let rounds = self.seconds(first);
        let firsts: Vec<Vec<Reading>> = self.per_plan(first).into_iter().map(<[Reading]>::to_vec).collect();
        let mut again = second.iter();
        self.plans
            .into_iter()
            .zip(firsts)
            .zip(rounds)
            .map(|((plan, first), round)| {
                let read: Vec<(usize, Reading)> =
                    round.into_iter().map(|(i, _)| (i, again.next().cloned().unwrap_or_default())).collect();
                plan.finish(&first, &read)
            })
            .collect()
    }
}
