import { describe, expect, it } from 'vitest';
import { keepQuantities, type ChosenAnswers } from '../../src/lib/ask/answer.ts';
import { answersQuantity, asksQuantity, noQuantitySentence, quantityAsked, statesQuantity } from '../../src/lib/ask/quantity.ts';

describe('questions that ask how many or how much', () => {
  it('knows a question of quantity from one of degree', () => {
    for (const q of ['How many employees work at OpenAI?', 'how many GPUs?', 'And how many seats did they win?', 'How much money did Microsoft invest?', 'How much revenue did it make last year?', 'How much does a subscription cost?', 'How much did they pay for it?', 'How much?']) {
      expect(asksQuantity(q), q).toBe(true);
    }
    for (const q of ['How much does Altman care about safety?', 'How much should you read before writing?', 'How much of it is luck?', 'Is democracy dying, judging by how many people vote?', 'What is OpenAI for?', 'Howmany things?']) {
      expect(asksQuantity(q), q).toBe(false);
    }
  });

  it('holds a count to a number and money to an amount, and no other question of how much', () => {
    expect(quantityAsked('How many employees work at OpenAI?')).toBe('count');
    expect(quantityAsked('How much money did Microsoft invest in OpenAI?')).toBe('money');
    expect(quantityAsked('How much does a ChatGPT Plus subscription cost?')).toBe('money');
    // "A lot more" answers these: they are not held to a figure.
    expect(quantityAsked('How much compute will be needed?')).toBeUndefined();
    expect(quantityAsked('How much time does it take?')).toBeUndefined();
    expect(quantityAsked('How much does Altman care about safety?')).toBeUndefined();
    expect(answersQuantity('How much compute will be needed?', 'The world is going to need a lot more tokens.')).toBe(true);
  });

  it('finds a quantity in numerals and number words, not in names with digits', () => {
    for (const text of ['We have 3,000 people.', 'about two hundred of them', 'Half the staff left.', 'It grew 40% a year.', 'a few thousand GPUs', 'in 2019']) {
      expect(statesQuantity(text), text).toBe(true);
    }
    for (const text of ['We built GPT-4 and shipped it.', 'Episode e01 of the show.', 'COVID-19 changed everything.', 'Many people came, one by one.']) {
      expect(statesQuantity(text), text).toBe(false);
    }
  });

  it('wants an amount of money for a money question, any quantity for another', () => {
    const money = 'How much money did Microsoft invest in OpenAI?';
    expect(answersQuantity(money, 'Whether it is the structure we will have in five years, I do not know.')).toBe(false);
    for (const text of ['They put in $13 billion over time.', 'Rs 500 crore', 'about ten billion dollars', '₹2,000']) expect(answersQuantity(money, text), text).toBe(true);
    expect(answersQuantity('How many years did it take?', 'It took five years.')).toBe(true);
  });
});

describe('keeping the answers that state the quantity asked for', () => {
  const texts = ['We built GPT-4 and grew fast.', 'We have about 3,000 employees now.', 'Hiring is hard everywhere.'];
  const chosen = (passages: number[]): ChosenAnswers => ({ abstained: false, answers: passages.map((passage) => ({ passage, score: 5 })), suggestions: [], confidence: 5 });
  const textOf = (i: number) => texts[i]!;

  it('drops the answers that give no number, keeping the order of the rest', () => {
    const kept = keepQuantities(chosen([0, 1, 2]), 'How many employees work there?', textOf);
    expect(kept.abstained).toBe(false);
    expect(kept.answers.map((a) => a.passage)).toEqual([1]);
  });

  it('declines when no answer gives one, offering the answers it had as suggestions', () => {
    const kept = keepQuantities(chosen([0, 2]), 'How many employees work there?', textOf);
    expect(kept).toMatchObject({ abstained: true, answers: [], suggestions: [0, 2], noQuantity: true, confidence: 5 });
  });

  it('leaves other questions, and declines already made, as they are', () => {
    const answers = chosen([0, 2]);
    expect(keepQuantities(answers, 'Why is hiring hard?', textOf)).toBe(answers);
    const declined: ChosenAnswers = { abstained: true, answers: [], suggestions: [2], confidence: 1 };
    expect(keepQuantities(declined, 'How many employees work there?', textOf)).toBe(declined);
  });

  it('reads every part of an answer that runs over several passages', () => {
    const run: ChosenAnswers = { abstained: false, answers: [{ passage: 2, score: 5, parts: [2, 1] }], suggestions: [], confidence: 5 };
    expect(keepQuantities(run, 'How many employees work there?', textOf)).toBe(run);
  });
});

describe('saying why a quantity question is declined', () => {
  it('names money for a money question, a number for another', () => {
    expect(noQuantitySentence('How much money did Microsoft invest in OpenAI?')).toMatch(/gives an amount/);
    expect(noQuantitySentence('How many employees work at OpenAI?')).toBe('It asks how many, and none of the passages closest to it gives a number.');
  });
});
