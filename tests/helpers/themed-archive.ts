import type { ContentFiles } from './fixture-content.ts';

/** Three things a conversation can be about, each in sentences of its own. */
export const THEMES: Record<string, string[]> = {
  trains: [
    'The railway timetable was rewritten so that every train met the ferry at the harbour station.',
    'Signalling on the old line still uses levers and wires that a signalman pulls by hand.',
    'Electrifying the track cut the journey between the two cities from five hours to three.',
    'Freight wagons carry coal and grain through the night, when the passenger trains have stopped.',
    'The locomotive works employed four thousand people who built and repaired steam engines.',
    'A railway needs stations in the middle of towns, or passengers will simply drive instead.',
    'Night sleeper trains are coming back because travellers want to avoid short flights.',
    'The metro extension added twelve stations and doubled the number of daily riders.',
    'Level crossings are the most dangerous places on the railway network for drivers.',
    'Ticket prices on the commuter rail line rose faster than wages for ten years.',
  ],
  cooking: [
    'My grandmother cooked dal with mustard seeds, turmeric and a little jaggery every evening.',
    'Bread rises slowly overnight in a cold kitchen, and the flavour of the crust is better for it.',
    'A good curry starts with onions fried in oil until they are deep brown and sweet.',
    'Restaurant kitchens run on prepared sauces, chopped vegetables and a strict order of dishes.',
    'Fermented rice batter makes the dosa crisp, and the chutney is ground fresh each morning.',
    'The recipe calls for roasted cumin, fresh coriander and a squeeze of lime at the end.',
    'Street food vendors fry samosas in huge iron pans from dawn until the market closes.',
    'Baking a cake needs exact measures of flour, butter, sugar and eggs, unlike a stew.',
    'Spices lose their aroma within months, so we grind small amounts in a stone mortar.',
    'The chef tasted the soup, added salt and butter, and sent it out to the dining room.',
  ],
  football: [
    'The striker scored twice in the second half and the stadium sang until the final whistle.',
    'Our goalkeeper saved a penalty in the cup final and the team won the trophy.',
    'The coach changed the formation to three defenders and pushed the wingers forward.',
    'Young players train at the academy every afternoon, practising passing and shooting drills.',
    'The league table was decided on goal difference after the last match of the season.',
    'Supporters travelled across the country by bus to watch the away game in the rain.',
    'A midfielder who controls the tempo of the match is worth more than a fast winger.',
    'The referee showed a red card after the tackle, and the home crowd booed for minutes.',
    'Transfer fees for football players have risen so much that small clubs cannot compete.',
    'The World Cup qualifier ended in a draw, so the team needs a win in the final game.',
  ],
};

/** Questions on each theme in every interview. */
const QUESTIONS = 10;

/** An answer about a theme: three of its sentences, different for each interview and question. */
export function themedAnswer(theme: string, interview: number, question: number): string {
  const bank = THEMES[theme]!;
  return [0, 4, 7].map((step) => bank[(interview * 3 + question + step) % bank.length]).join(' ');
}

/**
 * A content folder of `interviews` Q&A interviews (published a month apart), each with ten
 * questions on every theme and their answers; the first answer of every interview carries the
 * editor's own topic "editor-pick".
 */
export function themedArchive(interviews: number, first = 1): ContentFiles {
  const files: ContentFiles = {
    'people/ann-host.yaml': 'name: Ann Host\nrole: Host\n',
    'topics/editor-pick.yaml': 'title: Editor’s pick\ndescription: Passages an editor chose by hand, before any topic was suggested.\n',
  };
  for (let i = first; i < first + interviews; i++) {
    files[`people/guest-${i}.yaml`] = `name: Guest ${i}\nrole: Guest\n`;
    const body = Object.keys(THEMES).flatMap((theme, t) =>
      Array.from({ length: QUESTIONS }, (_, q) => {
        const pick = t === 0 && q === 0 ? ' topics="editor-pick"' : '';
        return `<Q>\nWhat about ${theme}, part ${q + 1}?\n</Q>\n\n<A${pick}>\n${themedAnswer(theme, i, q)}\n</A>\n`;
      }),
    );
    files[`interviews/talk-${i}.mdx`] = `---
title: Talk ${i}
publication: Themed Radio
published: 2024-${String(((i - 1) % 12) + 1).padStart(2, '0')}-15
format: qa
interviewers: [ann-host]
interviewees: [guest-${i}]
summary: A conversation about trains, cooking and football.
---

${body.join('\n')}`;
  }
  return files;
}
