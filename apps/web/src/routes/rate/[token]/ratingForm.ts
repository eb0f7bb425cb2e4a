/** What the rating page's server and its form share. */
import { badRatingReasons, ratingLevelNames, ratingLevels, type BadRatingReason, type RatingLevel } from '$shared/ratings';

/** The longest comment the server takes (see ratingSubmission in $shared/ratings). */
export const COMMENT_MAX = 500;

export type RatingFieldErrors = Partial<Record<'level' | 'reasons' | 'comment', string>>;

export const levelChoices: { level: RatingLevel; name: string; bad: boolean }[] = ratingLevels.map((level) => ({
  level,
  name: ratingLevelNames[level],
  bad: level <= 2,
}));

export const reasonChoices = (Object.entries(badRatingReasons) as [BadRatingReason, string][]).map(([key, name]) => ({ key, name }));
