"""Where HTML pages keep their metadata: selectors, names and patterns, kept apart from the code.

``py`` applies them. Each entry says what it finds and where it is common; no
entry names a site. Sources are listed best first: the first that gives a usable value wins,
unless the code says it weighs several.
"""

from __future__ import annotations

import re

from extractors.meta.people_words import BIO_VERBS

# --- JSON-LD (schema.org) --------------------------------------------------------------------

# Types whose node describes the page's own article, best first. A page often carries several
# nodes (the article, its WebPage, the site's Organization, breadcrumbs): the article wins.
JSONLD_ARTICLE_TYPES: tuple[str, ...] = (
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "liveblogposting",
    "article",
    "blogposting",
    "socialmediaposting",
    "techarticle",
    "scholarlyarticle",
    "medicalwebpage",
    "report",
    "howto",
    "recipe",
    "review",
    "videoobject",
)
# Types that describe the page when no article node exists (dates and authors are often on it).
JSONLD_PAGE_TYPES: tuple[str, ...] = ("webpage", "itempage", "collectionpage", "aboutpage")
# Types whose ``name`` is the site's or publisher's name.
JSONLD_SITE_TYPES: tuple[str, ...] = (
    "website",
    "organization",
    "newsmediaorganization",
    "corporation",
    "localbusiness",
)
# Keys under which a node describes a person or a body credited for the page, not the page.
JSONLD_PERSON_KEYS: frozenset[str] = frozenset(
    {"author", "creator", "contributor", "editor", "reviewedBy", "copyrightHolder", "funder"}
)
# Date fields of an article node that say when it was published, best first. dateModified is
# never read: a later revision is not the publication.
JSONLD_PUBLISHED_KEYS: tuple[str, ...] = ("datePublished", "dateCreated", "uploadDate")

# --- <meta> ----------------------------------------------------------------------------------
# Keys are matched lower-cased against a meta element's property, name or itemprop.

# The headline in metadata (Open Graph, Twitter cards, Dublin Core, Parse.ly, Sailthru).
META_TITLE_KEYS: tuple[str, ...] = (
    "og:title",
    "twitter:title",
    "headline",
    "parsely-title",
    "sailthru.title",
    "dc.title",
    "citation_title",
)
# The site's name.
META_SITE_KEYS: tuple[str, ...] = (
    "og:site_name",
    "application-name",
    "apple-mobile-web-app-title",
    "al:ios:app_name",
    "twitter:app:name:iphone",
    "publisher",
    "dc.publisher",
)
# Authors (WordPress, Parse.ly, Sailthru, Cxense, Dublin Core, Highwire citations).
META_AUTHOR_KEYS: tuple[str, ...] = (
    "author",
    "article:author",
    "og:article:author",
    "parsely-author",
    "sailthru.author",
    "cxenseparse:author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "citation_author",
    "article_author",
)
# Fields that hold one author each, written family name first ("Roy, Aniruddha"), as
# Google Scholar asks of citation_author.
META_AUTHOR_INVERTED_KEYS = frozenset({"citation_author", "dc.creator", "dcterms.creator"})
# "Kaufman, Jeff T.": a family name, a comma, given names or initials, nothing else.
INVERTED_NAME = re.compile(
    r"^(?P<family>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?),\s*(?P<given>[A-Z][\w'’-]*\.?"
    r"(?: [A-Z][\w'’-]*\.?){0,2})$"
)
# Yoast's Twitter card labels: twitter:label1 "Written by", twitter:data1 the author.
META_AUTHOR_LABELS: tuple[str, ...] = ("written by", "author", "by", "geschrieben von", "écrit par")
# Publication dates, best first (article:modified_time, og:updated_time and the like are never
# read: a later revision is not the publication).
META_PUBLISHED_KEYS: tuple[str, ...] = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:publishtime",
    "article.published",
    "published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "published",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "originalpublicationdate",
)
# Modification dates, read only as evidence for a date the page shows by its headline
# (``html.dates.revision_shown``), never as the publication date by themselves.
JSONLD_MODIFIED_KEYS: tuple[str, ...] = ("dateModified",)
META_MODIFIED_KEYS: tuple[str, ...] = ("article:modified_time", "og:updated_time", "datemodified")
# The section.
META_SECTION_KEYS: tuple[str, ...] = ("article:section", "parsely-section", "sailthru.section")

# --- Visible markup --------------------------------------------------------------------------

# <time> elements that mark the publication (microdata, hAtom's "published", WordPress themes).
TIME_PUBLISHED_XPATH = (
    "//time[@datetime][@itemprop='datePublished' or @pubdate"
    " or contains(@class, 'publish') or contains(@class, 'entry-date')"
    " or contains(@class, 'posted') or contains(@class, 'post-date')]"
)
# Any dated <time> element inside the article or its header, in page order.
TIME_IN_ARTICLE_XPATH = "//article//time[@datetime] | //header//time[@datetime]"
# Elements that name the author on the page: rel=author links, itemprop=author, links to an
# author's page, and elements with a class or id token that says byline or author (after
# trafilatura's AUTHOR_XPATHS). The XPath preselects them; the patterns below decide.
BYLINE_CANDIDATES_XPATH = (
    # written over attribute nodes: libxml2 scans them much faster than it tests every element
    "//body//@class[contains(., 'uthor') or contains(., 'yline')]/.."
    " | //body//@id[contains(., 'uthor') or contains(., 'yline')]/.."
    " | //body//@rel[. = 'author']/.. | //body//@itemprop[. = 'author']/.."
    " | //body//a/@href[contains(., 'author') or contains(., '/@') or contains(., 'writer')"
    " or contains(., 'contributor') or contains(., 'profile') or contains(., 'people')"
    " or contains(., 'staff') or contains(., 'columnist') or contains(., 'reporter')"
    " or contains(., 'journalist') or contains(., 'byline')]/.."
)
BYLINE_ATTRIBUTE = re.compile(r"byline|author", re.IGNORECASE)
# A class or id token of such an element that holds the name itself ("author-name",
# "elementor-author-box__name", "byline"), whatever else it says.
BYLINE_NAME_TOKEN = re.compile(r"(?:name|byline|by-?line|authors?|author-?link)$", re.IGNORECASE)
# Tokens of author elements that hold a picture, a bio or links rather than the name (a
# wrapper or a box that holds the name is read: BYLINE_MAX_CHARS keeps bios out).
BYLINE_ATTRIBUTE_EXCLUDED = re.compile(
    r"avatar|image|img|photo|picture|thumb|bio|desc|about|social|follow|more|comment|title"
    r"|label",
    re.IGNORECASE,
)
# Short texts that open like a byline ("By …", "Written by …"), read anywhere in the body
# when nothing else names the author.
BYLINE_TEXT_PREFIXES = ("By ", "by ", "BY ", "Written by ", "Author:")
# A byline's label standing alone, the name in the next element ("Written by" / "Jane Doe"),
# compared in lower case and without a trailing colon ("Written By:", "BY", "Author:").
BYLINE_LABELS = frozenset(
    {
        "written by",
        "by",
        "article by",
        "posted by",
        "story by",
        "words by",
        "author",
        "authors",
        "about the author",
        "escrito por",
        "publicado por",
        "geschrieben von",
        "autor",
        "auteur",
        "écrit par",
        "scritto da",
    }
)
BYLINE_LABEL_MAX_CHARS = max(len(label) for label in BYLINE_LABELS) + 2
BYLINE_LABEL_NAME_MAX_WORDS = 5
# An author box: the name, then within this many texts a bio that opens with it.
AUTHOR_BOX_NAME_BEFORE = 3
# ... inside a block this many levels up whose class or id marks it as the author's.
AUTHOR_BOX_LEVELS = 4
AUTHOR_BOX_MARK = re.compile(r"author|writer|bio|about|profile|byline", re.IGNORECASE)
# The opening of an author's bio after such a label: the name, then a verb of the bio
# ("Jane Doe is a reporter…", "Jane Doe has covered…").
BIO_OPENING = re.compile(
    r"(?P<name>[A-ZÀ-Ý][^\s,]*(?:\s+[A-ZÀ-Ý][^\s,]*){1,3})\s+"
    r"(?:" + "|".join(sorted(BIO_VERBS)) + r")\b"
)
# Links to an author's page ("/author/jane-doe", "?author=…", "/@handle"): their text is the
# author's name.
AUTHOR_HREF = re.compile(
    r"/(?:authors?|writers?|contributors?|columnists?|reporters?|journalists?|profiles?|people"
    r"|byline|staff)/[^/?#]+|[?&]_?author=|/@[\w.-]+/?$",
    re.IGNORECASE,
)
# Class or id words of containers whose author names are not the article's: comments,
# testimonials, related-story teasers, quotes, menus.
BYLINE_EXCLUDED_CONTAINERS = re.compile(
    r"comment|testimonial|related|recommend|teaser|promo|quote|footer|sidebar|newsletter|menu",
    re.IGNORECASE,
)
# Class words that place a block rather than say what it is: utility classes
# ("md:[grid-area:sidebar]") and wrappers around the content and its sidebar
# ("content-sidebar-wrap").
LAYOUT_CLASS = re.compile(r"[:\[]|wrap", re.IGNORECASE)
# Longest byline text read from the page (a bio paragraph is longer).
BYLINE_MAX_CHARS = 120

# --- Titles ----------------------------------------------------------------------------------

# Separators between a headline and a site name or section in <title> and og:title:
# "Headline | Site", "Headline - Site", "Site :: Headline", "Headline · Section · Site".
TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—\-·•»~/]|::|\\)\s+|\s*\|\s*")
# In an h1, what follows a pipe is a tagline or a section, not the headline.
TITLE_PIPE = re.compile(r"\s*\|\s*|\s+::\s+")
# Markdown marks left in headings by some site builders ("## Title", "*Title* (1792)").
TITLE_MARKUP = re.compile(r"^#+\s*|^\*+|\*+(?=\s|$)")
# Typographic quotes: when the page writes its title both ways, the plain form is kept.
TYPOGRAPHIC_QUOTES = re.compile("[‘’‚‛“”„‟]")
# The label of a date line that a theme put at the end of an h1 ("… Posted on July 1, 2024").
TITLE_TRAILING_DATELINE = re.compile(
    r"\s+(?:posted|published|updated|last updated)(?:\s+on)?\s*:?\s*$", re.IGNORECASE
)
# An h1 that no metadata title backs is taken from this many words (shorter ones are labels:
# "Webcams", "Blog"). Tuned on wcxb-dev-articles, see benchmarks/html.py.
TITLE_H1_MIN_WORDS = 3
# An h1 that is a site's furniture rather than a headline.
TITLE_NOT_HEADLINE = re.compile(
    r"^(?:blog|the blog|our blog|news|latest news|menu|open menu|search|home|contact(?: us)?"
    r"|follow(?: us)?|share|articles?|resources|insights|perspectives|stories|posts?"
    r"|\d+ comments?|comments?|related(?: posts| articles)?)$",
    re.IGNORECASE,
)
# Longest headline taken from an h1 (a longer h1 is a paragraph in the wrong tag).
TITLE_MAX_WORDS = 40

# Text nodes read around the headline for a written date: a few before it (a kicker line),
# more after it (byline and date block). Tuned on wcxb-dev-articles.
NEAR_TITLE_BEFORE_XPATH = "preceding::text()[normalize-space()][position() <= 6]"
NEAR_TITLE_AFTER_XPATH = "following::text()[normalize-space()][position() <= 30]"
# Longest "By …" line read as a byline there (the text path's bylines are as long).
NEAR_TITLE_BYLINE_MAX_WORDS = 16
# Longest text node read as a date line there (a sentence with a date in it is not one).
NEAR_TITLE_MAX_CHARS = 80
# A label that makes a written date the last update rather than the publication.
UPDATE_LABEL = re.compile(r"\b(?:updated|modified|edited|revised|reviewed)\b", re.IGNORECASE)

# A note that the article appeared first elsewhere or earlier, with that date after it:
# "This article was originally published on 26 Sep 2019", "First published in March 3, 2020".
ORIGINALLY_PUBLISHED = re.compile(
    r"\b(?:originally|first)\s+(?:published|posted|appeared)\b(?:\s+(?:on|in|at))?",
    re.IGNORECASE,
)
# Strings a page holds when it may hold such a note: the page is searched for them first.
ORIGINALLY_PUBLISHED_HINTS = ("riginally", "irst published", "irst posted", "irst appeared")
# The text nodes that hold one of those strings, preselected by libxml2.
ORIGINALLY_PUBLISHED_XPATH = (
    "//body//text()["
    + " or ".join(f"contains(., '{hint}')" for hint in ORIGINALLY_PUBLISHED_HINTS)
    + "]"
)
