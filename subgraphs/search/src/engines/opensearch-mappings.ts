/**
 * The search index's settings and mappings, as code. Every text field is folded (lower case +
 * asciifolding: "Pokémon" matches "pokemon"); queries expand synonyms (synonym_graph, search time only,
 * so the list can change without a reindex); titles also get an edge n-gram sub-field for as-you-type
 * prefixes; programme titles keep a field per language with that language's analyzer.
 */
import { SYNONYMS } from '../domain/text';

/**
 * Languages whose titles get a stemmer (OpenSearch `stemmer` names) behind folding, so "Noticias" and
 * "noticia" meet in Spanish titles; other languages' titles are folded only.
 */
export const LANGUAGE_STEMMERS: Record<string, string> = {
  en: 'english',
  es: 'light_spanish',
  fr: 'light_french',
  de: 'light_german',
  it: 'light_italian',
  pt: 'light_portuguese',
  nl: 'dutch',
  sv: 'swedish',
  ru: 'russian',
  et: 'estonian',
};
const LANGUAGES = Object.keys(LANGUAGE_STEMMERS);

const foldedText = (extra: Record<string, unknown> = {}) => ({
  type: 'text',
  analyzer: 'folded',
  search_analyzer: 'folded_search',
  ...extra,
});

/**
 * Sub-fields that rank title matches in tiers (domain/ranking.ts): `exact` holds the whole name as one folded
 * token (punctuation as single spaces), `prefix` every word's edge n-grams at the word's position, so a
 * phrase query on it is "these words start consecutive words of the title".
 */
const withPrefix = {
  fields: {
    prefix: { type: 'text', analyzer: 'prefix_index', search_analyzer: 'folded' },
    exact: { type: 'text', analyzer: 'whole_name', norms: false, index_options: 'docs' },
  },
};

export const contentIndexBody = {
  settings: {
    number_of_shards: 1,
    number_of_replicas: 0,
    analysis: {
      char_filter: {
        // What ICU folding (and the embedded engine's NFD folding) does to Cyrillic that asciifolding leaves alone.
        cyrillic_folding: { type: 'mapping', mappings: ['ё => е', 'Ё => Е', 'й => и', 'Й => И'] },
        word_breaks: { type: 'pattern_replace', pattern: '[^\\p{L}\\p{N}]+', replacement: ' ' },
      },
      filter: {
        folding: { type: 'asciifolding', preserve_original: false },
        search_synonyms: { type: 'synonym_graph', synonyms: SYNONYMS.map((group) => group.join(', ')) },
        edge: { type: 'edge_ngram', min_gram: 1, max_gram: 20 },
        ...Object.fromEntries(LANGUAGES.map((lang) => [`stem_${lang}`, { type: 'stemmer', language: LANGUAGE_STEMMERS[lang] }])),
      },
      analyzer: {
        folded: { type: 'custom', tokenizer: 'standard', char_filter: ['cyrillic_folding'], filter: ['lowercase', 'folding'] },
        folded_search: { type: 'custom', tokenizer: 'standard', char_filter: ['cyrillic_folding'], filter: ['lowercase', 'folding', 'search_synonyms'] },
        prefix_index: { type: 'custom', tokenizer: 'standard', char_filter: ['cyrillic_folding'], filter: ['lowercase', 'folding', 'edge'] },
        whole_name: { type: 'custom', tokenizer: 'keyword', char_filter: ['cyrillic_folding', 'word_breaks'], filter: ['lowercase', 'folding', 'trim'] },
        ...Object.fromEntries(
          LANGUAGES.map((lang) => [
            `folded_${lang}`,
            { type: 'custom', tokenizer: 'standard', char_filter: ['cyrillic_folding'], filter: ['lowercase', 'folding', `stem_${lang}`] },
          ]),
        ),
      },
    },
  },
  mappings: {
    dynamic: 'strict',
    properties: {
      type: { type: 'keyword' },
      id: { type: 'keyword' },
      key: { type: 'keyword' },
      deleted: { type: 'boolean' },
      title: foldedText({ ...withPrefix, fields: { ...withPrefix.fields, raw: { type: 'keyword' } } }),
      altTitles: foldedText(withPrefix),
      titlesByLanguage: {
        type: 'object',
        dynamic: true,
      },
      description: foldedText(),
      people: foldedText(),
      genres: { type: 'keyword', copy_to: 'genreNames' },
      // Genre slugs as words ("science-fiction" → science, fiction), so a query can name a genre.
      genreNames: foldedText(),
      year: { type: 'integer' },
      maturity: { type: 'integer' },
      popularity: { type: 'float' },
      recency: { type: 'long' },
      availableFrom: { type: 'date' },
      availableTo: { type: 'date' },
      start: { type: 'date' },
      end: { type: 'date' },
      seriesId: { type: 'keyword' },
      channelId: { type: 'keyword' },
      catchupDays: { type: 'integer' },
    },
    dynamic_templates: [
      // Known languages: their stemmer; anything else: folded text.
      ...LANGUAGES.map((lang) => ({
        [`title_${lang}`]: { path_match: `titlesByLanguage.${lang}`, mapping: { type: 'text', analyzer: `folded_${lang}` } },
      })),
      { title_other: { path_match: 'titlesByLanguage.*', mapping: { type: 'text', analyzer: 'folded' } } },
    ],
  },
};

export const packagesIndexBody = {
  settings: { number_of_shards: 1, number_of_replicas: 0 },
  mappings: {
    dynamic: 'strict',
    properties: {
      id: { type: 'keyword' },
      deleted: { type: 'boolean' },
      free: { type: 'boolean' },
      titleIds: { type: 'keyword' },
      channelIds: { type: 'keyword' },
      genreSlugs: { type: 'keyword' },
    },
  },
};

export const entitlementsIndexBody = {
  settings: { number_of_shards: 1, number_of_replicas: 0 },
  mappings: {
    dynamic: 'strict',
    properties: {
      userId: { type: 'keyword' },
      // Read back whole, never searched.
      grants: { type: 'object', enabled: false },
    },
  },
};

/**
 * Reindex jobs, read by id and listed newest first: the start is indexed for that order, and who started the
 * job for the audit trail's filters.
 */
export const reindexJobsMappings = {
  dynamic: false,
  properties: { startedAt: { type: 'date' }, actorId: { type: 'keyword' }, actorEmail: { type: 'keyword' } },
} as const;
export const reindexJobsIndexBody = {
  settings: { number_of_shards: 1, number_of_replicas: 0 },
  mappings: reindexJobsMappings,
};
