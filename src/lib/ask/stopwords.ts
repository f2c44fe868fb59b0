/**
 * English function words that say nothing about what a passage is about. Kept short on purpose:
 * content words such as "think" or "said" stay, and inverse document frequency weighs them.
 * Written in the form the tokenizer produces (lower case, apostrophes removed).
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being below
  between both but by can cannot could did do does doing down during each few for from
  further had has have having he her here hers herself him himself his how i if in into is
  it its itself just let me more most my myself no nor not of off on once only or other ought our
  ours ourselves out over own same she should so some such than that the their theirs them
  themselves then there these they this those through to too under until up very was we were what
  when where which while who whom why will with would you your yours yourself yourselves
  also arent couldnt didnt doesnt dont hadnt hasnt havent isnt mustnt shant shouldnt wasnt werent wont
  wouldnt cant im ive youre youve theyre theyve weve thats whats hes shes`.split(/\s+/),
);
