"""Chrome patterns: what page furniture looks like, kept apart from the code that applies them.

Each rule names a *class* of chrome, not one site's wording. A rule applies to a whole line (one
block of a dump, or one paragraph of extracted HTML text) and only to lines of at most
``max_words`` words, so a long article sentence that merely mentions a newsletter or a comment
never matches. Every pattern is matched case-insensitively against the line with its outer
whitespace stripped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LineRule:
    """A chrome class: the ``kind`` recorded in ``removed``, and the pattern that catches it
    (its alternatives joined into one regex; ``parts`` are the alternatives, each as written)."""

    kind: str
    pattern: re.Pattern[str]
    max_words: int
    parts: tuple[str, ...]


def alternation(parts: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """Patterns as one case-insensitive regex that matches where any of them does."""
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


def _rule(kind: str, max_words: int, *patterns: str) -> LineRule:
    """Compile one rule's patterns into one case-insensitive alternation."""
    return LineRule(kind, alternation(patterns), max_words, patterns)


# The header of a list of other stories, which follows the article: "More in World",
# "You may also like", "Weitere Beiträge zum Thema", "Материалы по теме", "関連記事". A whole
# line of at most RELATED_HEADER_MAX_WORDS words; what follows it is not the article's.
RELATED_HEADER_MAX_WORDS = 8
RELATED_HEADER = re.compile(
    r"^(?:[-–—»›<←]\s*)?(?:"
    r"more (?:[\w.&'’-]+ ){0,4}(?:stories|articles|posts|news|reads|reading|videos|coverage"
    r"|headlines)"
    r"(?: (?:from|by|in|on|about|like this) ?[\w .&'’-]{0,40})?"
    r"|more (?:you|we think you) (?:may|might|will|would) (?:like|love|enjoy)"
    r"|more (?:from|in|on|by|of|about) [\w .&'’-]{1,40}"
    r"|(?:next|previous) (?:[\w&'’-]+ ){0,2}(?:up|post|article|story|stories|news)"
    r"(?: in [\w .&'’-]{1,30})?"
    r"|(?:up next|read (?:this |these )?next|what to read next|keep reading|continue reading)"
    r"|(?:most (?:read|popular|viewed|shared|commented|recent)|top (?:stories|reads|picks))"
    r"(?: (?:in|on|from|this week|today|now) ?[\w .&'’-]{0,30})?"
    r"|(?:latest|recent|popular|trending|featured|related|recommended|similar|other|suggested)"
    r" (?:news|stories|articles|posts|videos|reads|reading|coverage|links|content|guides)"
    r"(?: (?:and|&) (?:links|resources|news|videos|stories|articles|posts|guides))?"
    r"(?: (?:in|on|from|for you|you(?:['’]ll| will| might| may) (?:love|like|enjoy))"
    r"[\w .&'’-]{0,30})?"
    r"|related|recommended(?: for you)?|trending(?: now)?|editor'?s picks?|see also|also read"
    r"|read (?:more|also)|further reading|also worth (?:checking out|reading)|don'?t miss"
    r"|(?:you|we think you) (?:may|might|will|'ll|would) (?:also )?"
    r"(?:like|love|enjoy|be interested(?: in)?)(?: these| this| the following)?"
    r"|(?:want|looking for) more(?: stories| articles| posts)?(?: like this)?"
    r"|post navigation|in (?:other|case you missed it) news"
    r"|weitere (?:beiträge|artikel|nachrichten|themen)(?: zum thema)?|mehr zum thema"
    r"|(?:das )?könnte sie (?:auch )?interessieren|lesen sie (?:auch|mehr)"
    r"|(?:à )?lire aussi|sur le même sujet|(?:vous aimerez|à voir) aussi|dans la même rubrique"
    r"|(?:leia|veja|ver) (?:também|mais)|você (?:também )?pode gostar|mais lidas"
    r"|notícias relacionadas"
    r"|(?:también )?(?:te|le) puede interesar|noticias relacionadas|art[íi]culos relacionados"
    r"|lo más leído|leggi anche|articoli correlati|potrebbe interessarti|i più letti"
    r"|lees ook|gerelateerde artikelen|czytaj (?:też|także|więcej)"
    r"|похожие (?:статьи|новости|материалы)|читайте также|материалы по теме|смотрите также"
    r"|関連記事|関連ニュース|おすすめ記事|人気記事|相关文章|相关阅读|相关新闻|推荐阅读|热门文章"
    r"|관련\s?기사|많이 본(?: 기사| 뉴스| 칼럼)?|추천 기사"
    r")\s*(?:[:.…!?]+|\.\.\.)?\s*$",
    re.IGNORECASE,
)

# "More Crime", "More Washington Examiner": a menu-like header of more stories (case matters).
MORE_SECTION_HEADER = re.compile(r"^(?:[-–—»›]\s*)?More(?: (?:[A-Z][\w.&'’-]*|&)){1,3}$")

# The header of an author box under the article: "About the author", "Über Moritz Bachmann".
AUTHOR_BOX_HEADER = re.compile(
    r"^(?:(?i:about the (?:author|writer|authors|contributor)|author bio"
    r"|meet the (?:author|writer)|sobre (?:o |a )?autor(?:a)?|über (?:den |die )?autor(?:in)?"
    r"|à propos de l'auteur|sull'autore|acerca del autor|sobre el autor|об авторе)"
    r"|(?:About|Sobre|Über|À propos de) [A-ZÀ-Ý][\w.'’-]+(?: [A-ZÀ-Ý][\w.'’-]+){1,3})\s*:?$"
)
# The header of the list of sources under an article ("References", "Article Sources",
# "Quellen"); "Notes" is left out, since recipes and essays head part of their text with it.
REFERENCES_HEADER = re.compile(
    r"^(?i:(?:article |our )?(?:sources|references|citations|footnotes|bibliography"
    r"|works cited|sources and references|literature cited|quellen|literatur|einzelnachweise"
    r"|références|bibliographie|referencias|bibliografía|fuentes|referências|fontes"
    r"|riferimenti|fonti|bibliografia|источники|литература|参考文献|出典))\s*:?$"
)

# Headers of what follows an article: the kind recorded when one matches a whole line of at most
# RELATED_HEADER_MAX_WORDS words. Matched with case where the pattern says so (names).
LIST_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("related_links", RELATED_HEADER),
    ("related_links", MORE_SECTION_HEADER),
    ("author_bio", AUTHOR_BOX_HEADER),
    ("references", REFERENCES_HEADER),
)
# Order matters only for the kind that is recorded: the first rule that matches wins.
LINE_RULES: tuple[LineRule, ...] = (
    # Horizontal rules typed as text: "___", "-----", "* * *", "=====".
    _rule("separator", 20, r"^(?:[_\-=*~#•·.]\s*){3,}$"),
    # Widget debris: counters, lone letters and brackets left by icons ("0", "x", "()", "»").
    _rule("stray_token", 2, r"^[^\w\s]{0,4}(?:[^\W\d_]|\d{1,4})?[^\w\s]{0,4}$"),
    # Ad slots and their labels, in the languages the slots are most often labelled in.
    _rule(
        "ad_slot",
        8,
        r"^(?:advertisement|advertisements|advertising|advert|ads?"
        r"|sponsored(?: content| post| links?| stories)?|spacer|promoted(?: content| stories)?"
        r"|paid (?:content|post|partner content)"
        r"|partner content|ad feedback|report this ad|skip ad(?:vertisement)?|close ad"
        r"|anzeige|werbung|publicit[ée]|publicidad|pubblicit[àa]|reklama|реклама|广告|広告|إعلان)"
        r"\s*[:.\-]?$",
        r"^advertise (?:with|on) (?:us|our site|this site)\.?$",
        r"^(?:the )?(?:story|article|content) continues (?:below|after)(?: (?:this )?"
        r"(?:advertisement|ad))?\.?$",
        r"^scroll (?:down )?to continue(?: reading)?\.?$",
    ),
    # Newsletter sign-ups: a call to action with mail vocabulary, or a short "X Newsletters" label.
    _rule(
        "newsletter",
        40,
        r"^(?:sign up|signup|subscribe|get|join|enter|register|receive|want|don'?t miss|never miss"
        r"|stay (?:informed|up to date|in the know|updated)|be the first|keep up)\b.{0,200}"
        r"\b(?:newsletters?|inbox|e-?mails?|delivered|briefings?|digest|alerts)\b",
        r"\b(?:newsletters?|nieuwsbrief|infolettre|boletín)\s*[:.!]?$",
        r"^(?:your |enter (?:your )?)?e-?mail(?: address)?\s*[:*]?$",
        r"^(?:thanks?|thank you) for (?:signing up|subscribing)",
        r"^(?:you(?:'re| are| have)(?: now)?(?: successfully)? (?:subscribed|signed up))",
        r"^by (?:signing up|subscribing|clicking)\b.{0,200}\b(?:agree|consent|terms|privacy)",
        r"^(?:i (?:would like|agree) to receive)\b",
        # The messages a sign-up form shows when it is sent, left in the page by form builders.
        r"^thank you!? your submission has been received",
        r"^oops!? something went wrong while submitting the form",
        r"^this field is for validation purposes and should be left unchanged",
    ),
    # Copyright footers: "© 2024 Site LLC. All Rights Reserved.", wire-service redistribution notes.
    _rule(
        "copyright",
        40,
        r"^(?:©|\(c\)|&copy;|copyright\s*(?:©|\(c\)|\d{4}))",
        r"\ball rights reserved\b",
        r"\bmay not be (?:published|reproduced),? (?:broadcast|distributed)",
        r"^(?:alle rechte vorbehalten|tous droits réservés|todos los derechos reservados)",
    ),
    # Market-data disclaimers and data-provider credits from finance and news sites.
    _rule(
        "market_data",
        40,
        r"^(?:\*?(?:market )?data|quotes?|prices?|stock quotes|index data|market information)\b"
        r".{0,120}\b(?:delayed|real-?time|snapshot|provided by|powered by|supplied by"
        r"|courtesy of)\b",
        r"\bdelayed (?:by )?(?:at least )?\d+ (?:minutes|mins)\b",
        r"^(?:market data )?terms of (?:use|service)(?: and| &) disclaimers?\.?$",
        r"^(?:market data|legal|data) disclaimers?\.?$",
        r"^(?:data|quotes?|market data|fundamental data|index data) (?:also )?"
        r"(?:provided|powered|supplied|sourced) by\b",
    ),
    # Comment widgets: calls to comment, counters, sort switches, moderation notes.
    _rule(
        "comment_widget",
        15,
        r"^would (?:love|like) (?:to hear )?your thoughts",
        r"^(?:please )?(?:leave|post|add|write|submit|share) (?:a |your )?"
        r"(?:comment|reply|thoughts)",
        r"^please comment\b",
        r"^[\[(]?\s*(?:\d+\s+)?(?:comments?|replies|responses)(?:\s*\(\d+\)|\s+\d+)?\s*[\])]?"
        r"\s*[:.]?$",
        # "34 responses to “Headline”", "12 thoughts on “Headline”"
        r"^\d+ (?:responses?|comments?|replies|thoughts?) (?:to|on)\b",
        # The commenter's name line of blog comment threads: "jane_doe says:"
        r"^\S+(?: \S+)? (?:says|said|wrote|sagt|schreibt|dit|dice|escreveu|scrive)\s*:$",
        # "Jane Doe on September 12, 2018 at 4:47 pm said:", "Joe (Site) 3 May 2019 at 09:12 says:"
        r"^.{1,80}?\b(?:\d{4}|\d{1,2}:\d{2}(?: ?[ap]\.?m\.?)?)"
        r" (?:says|said|wrote|replied|sagt|schreibt|dit|dice|escreveu|scrive)\s*:$",
        r"^rating:? [+-]?\d+ votes?$",
        r"^\d+ (?:likes?|upvotes?|points?)$",
        r"^(?:show|view|load|hide|read|see) (?:all |more |the )?(?:\d+ )?comments?\b",
        r"^join the (?:conversation|discussion|debate)\b",
        r"^be the first to (?:comment|reply)\b",
        r"^comments? (?:are|is) (?:closed|disabled|moderated)\b",
        r"^(?:log|sign) ?in to (?:comment|reply|join the discussion)\b",
        r"^notify (?:me )?of (?:new |follow-up )?(?:comments|replies)",
        r"^\d*\s*inline feedbacks?\b",
        r"^(?:oldest|newest|most voted|most popular|top(?: rated)? comments|sort by)\s*$",
        r"^(?:reply|report|flag|upvote|downvote)(?: to (?:this )?comment)?\s*[↓↑]?$",
        r"^(?:report (?:this )?comment|report abuse)\b",
        r"^\S+(?: \S+){0,2} says$",
        r"^discussion about this (?:post|article|story)\b",
        r"^was this (?:page|article|post|answer|information) (?:helpful|useful)\b",
        r"^commenting (?:is|has been) (?:disabled|closed|turned off)\b",
        r"^(?:kommentare?|commentaires?|comentarios?|commenti)\s*(?:\(\d+\))?$",
    ),
    # The labels of a post's tags and categories, alone or with their list ("Tags: Budget,
    # Congress", "Filed under:", "Schlagwörter:"); not a label that opens a sentence.
    _rule(
        "tags",
        40,
        r"^(?:(?:article |post |related |story )?(?:tags?|topics?|categories|category)"
        r"|tagged(?: with| in)?|filed (?:under|in)|posted in|more about"
        r"|schlagw(?:ö|oe)rter|themen|étiquettes|mots-clés|etiquetas|temas|categorias|categorías"
        r"|tag|argomenti|теги|метки|рубрики|タグ|标签|태그)\s*(?:[:：](?!.*[.!?]$)|$)",
    ),
    # Share and follow promos: social buttons, "Follow us on X", calls to read more coverage.
    _rule(
        "share_follow",
        25,
        r"^share(?: this| the| your)?(?: article| story| post| page| tip)?(?: (?:on|via|with) \w+)?"
        r"\s*[:!]?$",
        r"^(?:(?:share (?:on|via) )?(?:facebook|twitter|x|linkedin|e-?mail|whatsapp|reddit"
        r"|pinterest|print|copy link|telegram|threads|bluesky|flipboard|messenger|tweet)"
        r"\s*[|,·•/]?\s*){1,}$",
        r"^follow (?:us|@\w+)\b",
        r"^follow (?:[\w.'’-]+ ){1,8}on (?:twitter|x|facebook|instagram|linkedin|threads|bluesky"
        r"|tiktok|youtube|mastodon|google news)\b",
        # a writer's contact line: "Email Jane Doe at jdoe@example.com or follow her @jdoe",
        # "Have a tip? …"; a bare profile link
        r"^e-?mail (?:[\w.'’-]+ ){1,4}at \S+@\S+",
        r"^(?:got|have) a (?:news )?tip\?",
        r"^(?:https?://)?(?:www\.)?(?:twitter|x|facebook|instagram|linkedin|threads|tiktok)\.com/"
        r"[\w./-]+$",
        r"^like this (?:story|article|post)\?",
        r"^republish (?:this|our) (?:article|story)s?\.?$",
        r"^subscribe to (?:the |our )?(?:[\w.'’-]+ ){0,4}(?:youtube|podcast|channel)\b",
        r"^(?:follow|find|read|see|get|for) (?:more (?:of )?)?(?:the |our )?"
        r"(?:[\w.&]+(?:['’]s?)? ){0,2}"
        r"(?:full |complete |latest |more )?coverage (?:of|on|at)\b",
        r"^(?:click|tap) here\b",
        r"^click to (?:share|email|print|tweet)\b",
        r"^(?:download|get) (?:the|our) (?:[\w-]+ )?app\b",
    ),
    # Related-story teasers: "Read more: …", "RELATED: …", and the headers of teaser lists.
    _rule(
        "related_links",
        30,
        r"^(?:read more|read next|read also|also read|related(?: stories| articles| coverage)?"
        r"|see also|more from [\w .'-]{1,40}|recommended(?: for you)?|you may also like"
        r"|you might also like|most read|most popular|trending(?: now)?|more stories"
        r"|more on this(?: story)?|editor'?s picks?|top stories)\s*(?:[:|»›>-].*)?$",
        # inline links to other stories, bracketed or not: "SEE MORE: …", "[Related: …]",
        # "Related post: …", "(Leggi anche: …)", "Lesen Sie auch: …"
        r"^[\[(]?(?:see more"
        r"|related(?: (?:posts?|articles?|stories|story|reading|content|videos?))?"
        r"|also|more|leggi anche(?: su)?|lire aussi|lesen sie auch|siehe auch|lee también"
        r"|leia também|veja também)\s*:(?:.*[^.!?])?$",
        r"^popular (?:on|at) (?:[\w.'’&-]+ ?){1,4}$",
        # a teaser headline with its bracketed label: "Plague warning: eight diseases [VIDEO]"
        r"^[^.!?]{10,150}[^.!?\s] \[(?:insight|video|news|reaction|warning|pictures?|photos?"
        r"|poll|latest|reveal|analysis|watch|gallery|live|listen|review|opinion)\]$",
    ),
    # Site furniture: menus, log-in links, skip links, cookie banners, legal links.
    _rule(
        "navigation",
        12,
        r"^(?:home|menu|search|sign in|log ?in|log ?out|register|subscribe|my account|close"
        r"|skip to (?:main )?content|skip to navigation|toggle navigation|back to top|top of page"
        r"|privacy policy|cookie policy|cookie settings|terms of (?:use|service)|contact us"
        r"|about us|site ?map|accessibility|manage cookies|accept(?: all)?(?: cookies)?"
        r"|do not sell(?: or share)? my personal information)\s*[|:.»›]?$",
    ),
    # Relative timestamps of comments and teaser lists: "2 days ago at 07:52 am".
    _rule(
        "timestamp",
        8,
        r"^(?:about |posted )?(?:an?|\d+) (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?"
        r"|months?|years?) ago\b",
        # Reading times: "9 min read", "Reading time: 2 minutes", "Lesezeit: 3 Minuten".
        r"^(?:estimated )?(?:reading time|read time|time to read|lesezeit|temps de lecture"
        r"|tiempo de lectura|tempo de leitura|tempo di lettura)\s*[:：]?\s*"
        r"(?:about |approx\.? |ca\. )?\d+\s*(?:min|mins|minutes?|minuten?|minutos?|minut[io])\b",
        r"^\d+\s*[- ]?(?:min|mins|minutes?|minuten?|minutos?|minut[io])\.?\s*(?:read|reading"
        r"|lesezeit|de lectura|de leitura|di lettura|lecture)\b",
        # a date and a reading time: "Dec 18, 2025 ⋅ 10 min read"
        r"^[\w ,.]{6,30}\d{4}\s*[⋅·•|-]\s*\d+\s*[- ]?(?:min|mins|minutes?)\.?\s*read$",
        # an update label alone, or with its time only: "Updated", "Updated at 1:23 p.m."
        r"^(?:last )?(?:updated|modified)(?: (?:at|on))?(?: \d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?"
        r"(?: [A-Z]{2,4})?)?\s*[.:]?$",
    ),
    # Legal boilerplate in site footers: trademark notices, health and investment disclaimers.
    _rule(
        "legal_notice",
        80,
        r"\b(?:are|is) (?:a )?(?:registered )?trademarks? of\b",
        r"\bhave not been evaluated by the food and drug administration\b",
        r"\bnot intended to diagnose, treat, cure,? or prevent any disease\b",
        r"\bfor (?:general )?informational purposes only\b",
        r"^(?:the )?information (?:provided )?on this (?:web)?site\b",
        r"\bdoes not constitute (?:financial|investment|legal|medical) advice\b",
        r"\bpast performance is (?:no|not a) guarantee\b",
        r"^disclaimer\s*[:.-]",
        r"\bthe (?:views|opinions) expressed (?:on|in|by) this\b",
        r"\b(?:is|are|does) not (?:constitute )?(?:medical|financial|legal|investment|tax)"
        r" advice\b",
        r"\bintended for (?:general )?(?:informational|educational) purposes\b",
        # the licence a republishing widget states
        r"\b(?:is )?licensed under a creative commons\b",
        # affiliate disclosures: "If you purchase through our links, we may earn a commission."
        r"\b(?:affiliate (?:links?|commissions?|partnerships?|programs?)"
        r"|through (?:our|these) links|via (?:our|these) links|paid promotion"
        r"|independently selected by our editors)\b",
    ),
    # Author bios under or over an article: "Jane Doe is a freelance writer based in Leeds."
    _rule(
        "author_bio",
        150,
        # "I'm Philip, a certified personal trainer and …"
        r"^(?:hi,? )?(?:i['’]m|i am|my name is) (?-i:[A-Z][\w'’-]+),? (?:a|an|the) ",
        r"^(?:dr\.? )?[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3},? (?:is|has been|was) (?:a|an|the|our)"
        r" (?:[\w-]+,? ){0,6}(?:writer|journalist|editor|reporter|contributor|author|correspondent"
        r"|columnist|expert|freelancer|blogger|content (?:writer|strategist|creator))\b",
    ),
    # Photo credits: "Photo: Jane Doe/AP", "(Image: © NASA)", "Credit: Hisense".
    _rule(
        "image_credit",
        20,
        r"^[\[(]?(?:photo|image|picture|illustration)s?"
        r"(?: credits?| courtesy(?: of)?| by| source)?\s*[:©]\s*.{0,100}$",
        r"^[\[(]?(?:graphic|video|footage)s? (?:credits?|courtesy(?: of)?|by|source)\s*[:©]"
        r"\s*.{0,100}$",
        r"^[\[(]?(?:credits?|photograph(?:y|er)?)\s*[:©]\s*.{0,80}$",
        # Gallery counters and caption labels: "Image 1 of 4", "Photo 3/12", "Caption".
        r"^(?:image|photo|picture|slide|bild|foto|imagen|immagine)\s*\d+\s*(?:of|/|von|de|di)"
        r"\s*/?\s*\d+$",
        r"^(?:caption|expand caption|hide caption|toggle caption)$",
    ),
    # Captions that end in a photo credit: "… Mikolette / Getty Images", "(AP Photo/Evan Vucci)".
    _rule(
        "image_credit",
        60,
        r"(?:getty images?|shutterstock|istock(?:photo)?|alamy|unsplash|pexels)\s*[)\]]?\.?$",
        r"\b(?:ap|afp|reuters|epa(?:-efe)?|xinhua|dpa|ansa|anadolu)(?: photo)?\s*/\s*"
        r"[\w .'’-]{1,40}[)\]]?\.?$",
        r"[\[(](?:photo|image|picture)s?(?: credit)?\s*[:©]\s*[^.]{0,80}[)\]]\.?$",
        # a caption closed by its credit: "… after a long day on the trail. Credit: Jane Doe"
        r"[.!?]\s+(?:photo |image )?credits?\s*:\s*[^.!?:]{2,60}$",
    ),
    # The table of contents of a long article, by its header: "Table of Contents", "Jump to:".
    _rule(
        "table_of_contents",
        5,
        r"^(?:table of contents?|contents(?: hide| show)?|in this (?:article|post|guide|story)"
        r"|jump to(?: section)?|on this page|skip to (?:section|table of contents)"
        r"|inhaltsverzeichnis|inhalt|sommaire|table des matières|índice|contenido|indice"
        r"|содержание|目次|目录)\s*[:.]?(?:\s*(?:hide|show|\[(?:hide|show)\]))?$",
    ),
    # Calls to action of a vendor's blog: "Book a demo", "Start your free trial today".
    _rule(
        "call_to_action",
        12,
        r"^(?:book|schedule|request|start|try|get|claim|sign up|register|contact us|talk to"
        r"|speak (?:to|with))\b.{0,50}?\b(?:demo|free trial|for free|free consultation|quote"
        r"|started)\b.{0,40}$",
        r"^tell us what you think\b",
    ),
    # The labels of buttons and links that stand alone on their line: "Learn more", "View all",
    # "Submit", "Copied!". Shop buttons ("Buy now", "Buy on Amazon") are left to the main block:
    # bench annotations keep them in product reviews as often as not.
    _rule(
        "button",
        6,
        r"^(?:learn more|find out more|view all|see all|view more|see more|show more|show less"
        r"|load more|expand all|collapse all|sign ?up(?: now| today| free)?|subscribe now"
        r"|submit|download(?: now)?|apply now|book now"
        r"|copied|copy link|copy to clipboard|toggle(?: menu)?"
        r"|leave this field (?:blank|empty)|no credit card required|back to (?:gallery|blog|top)"
        r"|previous next|next previous|jump to review"
        r"|mehr erfahren|weiterlesen|mehr anzeigen|en savoir plus|voir plus|voir tout"
        r"|saiba mais|ver mais|ver todos|leer más|ver más|scopri di più|leggi di più"
        r"|подробнее|читать далее|詳しくはこちら|了解更多)\s*[.!:›»→]*$",
    ),
    _rule(
        "cookie_notice",
        150,
        r"\b(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b",
        r"^by (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:web)?site\b",
    ),
)
# Breadcrumb trails: short items joined by separators ("Home |", "Home > News > World").
# An arrow drawn in text ("A --> B", "x => y") is not a separator.
BREADCRUMB_SEPARATORS = re.compile(r"\s*(?:\||›|»|(?<![-=])>|→|/|•|::)\s*")
# A breadcrumb item: at most this many words, and no sentence punctuation.
BREADCRUMB_MAX_ITEM_WORDS = 4
