/** The site's name and what it says about itself in titles, feeds and the home page. */
export const SITE = {
  title: 'Verbatim',
  description:
    'Interviews, quoted exactly: read them by topic, person or interview, search every passage, and ask questions answered in the speakers’ own words.',
};
