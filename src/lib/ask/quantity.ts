/**
 * Questions that ask for a quantity ("How many employees…?", "How much money…?", "How much does it
 * cost?") and whether a text states one. A verbatim archive can answer "how many" only with words
 * that say a number: a passage on the question's subject that gives none is not its answer, however
 * close it sounds. A question that asks for money is answered only by an amount of money ("in five
 * years" states a number, not what Microsoft invested). Other questions of how much are not held to
 * a figure ("How much compute will be needed?" is answered by "a lot more tokens"). English question
 * forms; a question in another form is never held to this.
 */

/** Words after "how much" that make it a question of degree ("How much does he care?") unless a price or amount verb follows. */
const DEGREE_WORDS = new Set([
  'do', 'does', 'did', 'is', 'are', 'was', 'were', 'has', 'have', 'had', 'should', 'would', 'could', 'can', 'will', 'might', 'may', 'must',
  'of', 'more', 'less', 'better', 'worse', 'longer', 'further', 'i', 'you', 'he', 'she', 'it', 'we', 'they', 'that', 'this',
]);

/** Verbs that make a "how much does…" question one of amount: what is paid, spent, earned, owed, weighed. */
const AMOUNT_VERBS = /\b(?:cost|costs|costed|pay|pays|paid|spend|spends|spent|earn|earns|earned|invest|invests|invested|raise|raises|raised|charge|charges|charged|worth|weigh|weighs|weighed|owe|owes|owed|borrow|borrows|borrowed|lend|lends|lent|sell|sells|sold)\b/i;

/** Words of a "how much" question that ask for money: then only an amount of money answers it. */
const MONEY_QUESTION = /\b(?:money|revenues?|cost|costs|costed|price|prices|priced|pay|pays|paid|salary|salaries|wages?|spend|spends|spent|earn|earns|earned|earnings|invest|invests|invested|investment|raise|raises|raised|funding|funds?|worth|valuation|profits?|budget|charge|charges|charged|dollars|rupees|euros|pounds)\b/i;

/** An amount of money: a currency sign or code by a numeral, a numeral and a currency, or a magnitude (millions, crores). */
const MONEY_AMOUNT =
  /[$₹€£¥]\s?\d|\b(?:usd|inr|eur|gbp|rs\.?)\s?\d|\d[\d,.]*\s?(?:k|m|mn|bn|cr)\b|\b(?:dollars?|rupees?|euros?|pounds?|bucks|cents?|paise|millions?|billions?|trillions?|crores?|lakhs?)\b/i;

/** The opening of a question of quantity, "how many" or "how much", after a leading "and", "so"... */
const QUANTITY_FORM = /^\s*(?:(?:and|so|but|then)[\s,]+)?how\s+(many|much)\b(.*)$/is;

/** Which quantity word a question opens with, "many" or "much", unless "how much" asks a degree ("How much does he care?"). */
function quantityForm(question: string): 'many' | 'much' | undefined {
  const form = QUANTITY_FORM.exec(question);
  if (!form) return undefined;
  if (form[1]!.toLowerCase() === 'many') return 'many';
  const rest = form[2]!;
  const next = /^[\s,]*([\p{L}']+)/u.exec(rest)?.[1]?.toLowerCase();
  return !next || !DEGREE_WORDS.has(next) || AMOUNT_VERBS.test(rest) ? 'much' : undefined;
}

/** Whether a question asks for a quantity: "how many …", "how much <noun> …", or "how much does … cost" and the like. */
export function asksQuantity(question: string): boolean {
  return quantityForm(question) !== undefined;
}

/**
 * What a question of quantity is held to: 'count' for "how many", which only a number answers;
 * 'money' for "how much" asking money, which only an amount of money answers; undefined for any
 * other question, "how much compute will be needed?" included, which "a lot more" may answer.
 */
export function quantityAsked(question: string): 'count' | 'money' | undefined {
  const form = quantityForm(question);
  if (form === 'many') return 'count';
  return form === 'much' && MONEY_QUESTION.test(question) ? 'money' : undefined;
}

/** Number words that state a quantity ("one" left out: it is far more often a pronoun). */
const NUMBER_WORDS =
  /\b(?:zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|lakhs?|crores?|dozens?|half|halves|quarters?|percent|per\s+cent|twice|double|triple|thrice)\b/i;

/** A numeral standing as a number, not inside a name ("GPT-4", "e01", "COVID-19"). */
const NUMERAL = /(?<![\p{L}\p{N}-])\d/u;

/** Whether a text states a quantity: a numeral or a number word. */
export function statesQuantity(text: string): boolean {
  return NUMERAL.test(text) || NUMBER_WORDS.test(text);
}

/** Whether a text states an amount of money. */
export function statesMoney(text: string): boolean {
  return MONEY_AMOUNT.test(text);
}

/** Whether a text states what a question of quantity is held to (quantityAsked): a number for a count, an amount for money; anything for no quantity. */
export function statesAsked(asked: 'count' | 'money' | undefined, text: string): boolean {
  return asked === 'count' ? statesQuantity(text) : asked === 'money' ? statesMoney(text) : true;
}

/** Whether a text states what the question asks for: a number for "how many", an amount for money, anything for another question. */
export function answersQuantity(question: string, text: string): boolean {
  return statesAsked(quantityAsked(question), text);
}

/** Why a quantity question was declined, in one sentence for readers (the page and the CLI). */
export function noQuantitySentence(question: string): string {
  return quantityAsked(question) === 'money'
    ? 'It asks how much money, and none of the passages closest to it gives an amount.'
    : 'It asks how many, and none of the passages closest to it gives a number.';
}
