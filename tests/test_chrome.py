"""Each chrome class, on wordings that are not in the seeds, and article lines that must stay."""

from __future__ import annotations

import pytest

from extractors.chrome.classify import classify_line
from extractors.text.clean import clean_blocks, clean_text_dump

CHROME = [
    # links to other stories inside or under the article
    ("SEE MORE: Bridge protests: 800 students under siege in the university", "related_links"),
    ("[Related: Council keynote: budget, buses and protests]", "related_links"),
    ("Related post: Pickled Brussels Sprouts Recipe", "related_links"),
    ("(Leggi anche: il consiglio approva il bilancio)", "related_links"),
    ("Popular on Riverton News", "related_links"),
    ("Plague warning: officials name eight deadly diseases [VIDEO]", "related_links"),
    ("More:", "related_links"),
    # a writer's contact and follow lines
    ("Email Dana Whitfield at dwhitfield@example.com or follow her @dwhit.", "share_follow"),
    ("Have a tip? Dana Whitfield may be reached at dana@example.com.", "share_follow"),
    ("Follow The Riverton Courier Opinion section on Facebook and Instagram.", "share_follow"),
    ("twitter.com/danawhitfield", "share_follow"),
    ("Like this story? Share it with a friend!", "share_follow"),
    ("Subscribe to the Riverton YouTube Channel for all of the latest videos!", "share_follow"),
    # update labels and reading times
    ("Updated", "timestamp"),
    ("Updated at 1:23 p.m.", "timestamp"),
    ("Tempo de leitura: 1 minuto", "timestamp"),
    ("Tell us what YOU think...", "call_to_action"),
    ("Dec 18, 2025 ⋅ 10 min read", "timestamp"),
    (
        "The tent is chosen for the length and climate of the trip. Credit: Dana Whitfield",
        "image_credit",
    ),
    ("This work is licensed under a Creative Commons Attribution 4.0 License.", "legal_notice"),
    ("Republish this article", "share_follow"),
    # breadcrumbs and navigation
    ("Home > News > Europe", "breadcrumb"),
    ("Home / Politics / Congress", "breadcrumb"),
    ("News › World", "breadcrumb"),
    ("Skip to main content", "navigation"),
    ("Privacy Policy", "navigation"),
    # ad slots and placeholders
    ("ADVERTISEMENT", "ad_slot"),
    ("Sponsored Content", "ad_slot"),
    ("Story continues below advertisement", "ad_slot"),
    ("Anzeige", "ad_slot"),
    ("Advertise on our site", "ad_slot"),
    # newsletter sign-ups
    ("Subscribe to our Morning Briefing newsletter", "newsletter"),
    ("Get the latest headlines delivered straight to your inbox every weekday.", "newsletter"),
    ("Enter your email address", "newsletter"),
    ("Thanks for signing up!", "newsletter"),
    ("Daily Business Newsletter", "newsletter"),
    ("By signing up, you agree to our Terms of Use and Privacy Policy.", "newsletter"),
    # copyright lines
    ("Copyright 2023 The Chronicle Publishing Company", "copyright"),
    ("(c) 2022 Example Media Group. All rights reserved.", "copyright"),
    ("All Rights Reserved.", "copyright"),
    ("This material may not be published, broadcast, rewritten or redistributed.", "copyright"),
    # market-data disclaimers and provider credits
    ("Quotes delayed at least 20 minutes. Powered by Morningstar.", "market_data"),
    ("Market data provided by FactSet.", "market_data"),
    ("Stock quotes are real-time where available, courtesy of Nasdaq.", "market_data"),
    ("Legal Disclaimer", "market_data"),
    # comment widgets
    ("Leave a comment", "comment_widget"),
    ("Join the conversation", "comment_widget"),
    ("Comments (12)", "comment_widget"),
    ("14 Comments", "comment_widget"),
    ("View all comments", "comment_widget"),
    ("Be the first to comment!", "comment_widget"),
    ("Log in to comment", "comment_widget"),
    ("3 Inline Feedbacks", "comment_widget"),
    ("Milan Griffes on September 12, 2018 at 4:47 pm said:", "comment_widget"),
    ("Catherine (GiveWell) 13 May 2019 at 09:12 says:", "comment_widget"),
    # counters and debris
    ("12", "stray_token"),
    ("[x]", "stray_token"),
    ("»", "stray_token"),
    # share and follow promos
    ("Share this article", "share_follow"),
    ("Facebook Twitter LinkedIn Email", "share_follow"),
    ("Follow us on Instagram", "share_follow"),
    ("Follow Reuters coverage of the election at our live page", "share_follow"),
    ("Click here to download the full report", "share_follow"),
    # related links
    ("Read more: Markets slide as rates rise", "related_links"),
    ("RELATED STORIES", "related_links"),
    ("You may also like", "related_links"),
    # headers of teaser lists and author boxes, in several languages
    ("More in World", "related_links"),
    ("Most read in Science", "related_links"),
    ("More Great WIRED Stories", "related_links"),
    ("More Washington Examiner", "related_links"),
    ("Next Up In Science & Health", "related_links"),
    ("What to read next...", "related_links"),
    ("Weitere Beiträge zum Thema", "related_links"),
    ("Você pode gostar...", "related_links"),
    ("Материалы по теме", "related_links"),
    ("関連記事", "related_links"),
    ("About the Author", "author_bio"),
    ("Über Moritz Bachmann", "author_bio"),
    ("I'm Philip, a certified personal trainer and strength coach.", "author_bio"),
    # photo credits and captions that end in one, tables of contents
    ("Photo: Damian Dovarganes, AP", "image_credit"),
    ("(Image: © TNG Collaboration)", "image_credit"),
    ("Fitness fanatics are over feeling burnt out.PixelVista / Getty Images", "image_credit"),
    ("A cyclist rides next to a blocked plant. REUTERS/David Mercado", "image_credit"),
    ("Table of Contents", "table_of_contents"),
    ("Contents hide", "table_of_contents"),
    ("Inhaltsverzeichnis", "table_of_contents"),
    # calls to action
    ("Book a demo with Otter", "call_to_action"),
    ("Start your free trial today", "call_to_action"),
    ("Get a quote", "call_to_action"),
    # separators
    ("* * *", "separator"),
    ("-----------", "separator"),
    # cookie banners
    ("We use cookies to improve your experience on our site.", "cookie_notice"),
    # legal boilerplate
    ("Apple, iPhone and iPad are registered trademarks of Apple Inc.", "legal_notice"),
    ("The content of this site is for informational purposes only.", "legal_notice"),
    ("Past performance is no guarantee of future results.", "legal_notice"),
    # comment threads and feedback widgets
    ("reply to comment", "comment_widget"),
    ("Bonnie K says", "comment_widget"),
    ("Discussion about this post", "comment_widget"),
    ("Was this page helpful?", "comment_widget"),
    # what a form builder leaves in the page
    ("Thank you! Your submission has been received!", "newsletter"),
    ("Oops! Something went wrong while submitting the form.", "newsletter"),
    ("This field is for validation purposes and should be left unchanged.", "newsletter"),
    # button labels alone on their line
    ("Learn more", "button"),
    ("View all", "button"),
    ("Leave this field blank", "button"),
    ("Mehr erfahren", "button"),
    # reading times and gallery counters
    ("9 min read", "timestamp"),
    ("Reading time: 2 minutes", "timestamp"),
    ("Lesezeit: 3 Minuten", "timestamp"),
    ("Image 1 of / 4", "image_credit"),
    ("Caption", "image_credit"),
    # tag and category labels
    ("Tags: Budget, Congress, Senate", "tags"),
    ("Article Tags:", "tags"),
    ("Filed under: Politics", "tags"),
    ("Schlagwörter:", "tags"),
    ("Related articles and links:", "related_links"),
]

ARTICLE_LINES = [
    "| Retail | Basic | Best | Basic |",  # a table's row, not a trail
    # mention a newsletter, a comment, a subscription, in prose
    "The company said its weekly newsletter reached two million subscribers last year.",
    "Officials did not respond to a request for comment on Tuesday.",
    "He declined to comment.",
    "Residents were told to sign up for evacuation alerts by text message before Friday.",
    # a quote that starts with "Home"
    "“Home is where we were born, and we will go back,” she said.",
    "Home prices rose 4% in October, the fastest pace this year.",
    # a sentence that mentions market data or copyright
    "Market data showed the yen fell to its lowest level since 1990 against the dollar.",
    "Copyright lawsuits against AI companies have multiplied since last year, lawyers say.",
    "Stock prices were delayed by the exchange outage, traders said, but recovered by noon.",
    # short but real
    "Nobody was hurt.",
    "Share prices fell sharply after the announcement.",
    "Follow the money, the prosecutor told jurors.",
    # a speaker line before a quote, and headers that are not list headers
    "The Prime Minister said:",
    "In 2019 the minister said:",
    "More than 100 people died.",
    "About the company",
    "I'm not a doctor, but the results look promising to me, she said.",
    "Start the engine now.",
    "He spoke to Reuters.",
    "Video: 4K/30p with no crop",
    "The photo: a man on a bridge at dawn.",
    # an arrow drawn in a diagram is not a breadcrumb; a sentence after a label is not tags
    "A[SQL Query] --> B[Parser]",
    "Topics: we covered the budget, the strike and the weather.",
    "Simon says: wait.",
    "Learn more about the study on the university's site.",
    "Ten minutes of reading a day is enough, the authors found.",
    # a label and a sentence of the article's own
    "Also: the council said it would meet again on Friday.",
    "More: what we know so far about the closure.",
    "Updated figures from the council show the cost rose.",
    "info@riverton-clinic.example",
    "The study was funded by the council. Credit: the authors thank the residents for it.",
]


def _paragraph(topic: str, n: int) -> str:
    """A paragraph of prose about ``topic``, one of several distinct ones."""
    return (
        f"The {topic} study followed {n} hundred households for three years, and the authors "
        f"found that spending rose in every one of the districts they visited, report {n} said."
    )


@pytest.mark.parametrize(("line", "kind"), CHROME)
def test_chrome_line_is_caught(line: str, kind: str) -> None:
    assert classify_line(line) == kind


@pytest.mark.parametrize("line", ARTICLE_LINES)
def test_article_line_is_not_chrome(line: str) -> None:
    assert classify_line(line) is None


BODY = (
    "The city council voted on Tuesday to expand the bus network to three new districts, "
    "a plan that had stalled for almost a decade.\n\n"
    "Officials did not respond to a request for comment on Tuesday.\n\n"
    "“Home is where we were born, and we will go back,” said one resident of the district.\n\n"
    "The expansion will cost about $40 million and should open by the end of next year, the "
    "transport authority said in a statement."
)


def test_a_dump_keeps_every_article_line_and_drops_other_chrome() -> None:
    dump = (
        "Home > Local > Transport\n\nCouncil backs bus expansion to three districts\n\n"
        "By Maria Lopez, Staff Writer\n\nUpdated 3:15 p.m. Nov. 4, 2023\n\n"
        + BODY
        + "\n\nADVERTISEMENT\n\nShare this article\n\nFacebook Twitter Email\n\n"
        "Subscribe to our Morning Briefing newsletter\n\nLeave a comment\n\n14 Comments\n\n"
        "Copyright 2023 The Daily Example. All rights reserved.\n"
    )
    result = clean_text_dump(dump)
    assert result.text == BODY
    assert result.title == "Council backs bus expansion to three districts"
    assert result.section == "Transport"
    assert result.authors == ["Maria Lopez"]
    kinds = {r.kind for r in result.removed}
    assert {
        "breadcrumb",
        "title",
        "byline",
        "ad_slot",
        "share_follow",
        "newsletter",
        "comment_widget",
        "copyright",
    } <= kinds


def test_repeated_paragraphs_keep_the_first_copy() -> None:
    para = (
        "The storm knocked out power to 40,000 homes across the county overnight, the utility said."
    )
    other = "Crews expected to restore most of it by Sunday evening, a utility spokeswoman said."
    result = clean_text_dump(f"{para}\n\n{other}\n\n{para}\n\n{other}\n")
    assert result.paragraphs == [para, other]
    assert [r.kind for r in result.removed] == ["duplicate", "duplicate"]


# Article prose in three languages whose sentences hold words that chrome also uses
# (newsletter, advertising, subscribe, share, follow): every sentence is the article's.
PROSE_WITH_CHROME_WORDS = {
    "de": [
        "Die Stadtwerke wollen ihre Kunden künftig per Newsletter über Preisänderungen "
        "informieren, sagte eine Sprecherin am Montag.",
        "Werbung für Tabakprodukte soll nach dem Willen der Landesregierung an Bushaltestellen "
        "ganz verboten werden.",
        "Eine Anzeige gegen den Bürgermeister wegen Untreue wurde von der Staatsanwaltschaft "
        "inzwischen eingestellt.",
        "Wer den Newsletter abonnieren möchte, kann sich ab Juli auf der Website der Stadtwerke "
        "anmelden, hieß es weiter.",
    ],
    "es": [
        "El ayuntamiento enviará un boletín informativo a los vecinos para explicar los cambios "
        "en la recogida de basura.",
        "La publicidad de casas de apuestas quedará prohibida en los estadios a partir de la "
        "próxima temporada, anunció el ministerio.",
        "Los usuarios que quieran suscribirse al nuevo servicio de alertas podrán hacerlo desde "
        "el lunes, según la compañía.",
        "Compartir coche se ha convertido en una alternativa habitual para los trabajadores del "
        "polígono industrial.",
    ],
    "en": [
        "The council will send a newsletter to every household explaining the new bin "
        "collection schedule, officials said.",
        "Advertising for betting companies will be banned from stadiums from next season, the "
        "ministry announced on Friday.",
        "Residents who want to subscribe to flood alerts can sign up on the council's website "
        "from Monday, a spokesman said.",
        "Follow-up inspections found that most of the repairs had been completed, according to "
        "the report.",
    ],
}


@pytest.mark.parametrize("language", sorted(PROSE_WITH_CHROME_WORDS))
def test_chrome_words_inside_article_sentences_are_prose(language: str) -> None:
    paragraphs = PROSE_WITH_CHROME_WORDS[language]
    result = clean_text_dump("\n\n".join(paragraphs) + "\n")
    assert result.paragraphs == paragraphs
    assert result.removed == []


def test_a_label_repeated_before_different_text_stays() -> None:
    # a guide to plants repeats its labels, each time before other text
    label = "Pet safety: toxic to cats and dogs"
    plants = [
        "Monstera grows fast in bright, indirect light and needs watering about once a week.",
        "Aloe vera stores water in its leaves, so it should dry out fully between waterings.",
        "The snake plant tolerates low light and neglect, which makes it a favourite in offices.",
    ]
    dump = "\n\n".join(f"{text}\n\n{label}" for text in plants)
    result = clean_text_dump(dump + "\n")
    assert result.text.count(label) == 3
    assert not any(r.kind == "duplicate" for r in result.removed)


def test_a_short_run_recurring_each_day_of_a_plan_stays() -> None:
    days = ["Monday", "Tuesday", "Wednesday"]
    meals = [
        "Oats with berries and a spoon of almond butter, then a walk before work.",
        "Lentil soup with rye bread, and an apple in the afternoon for energy.",
        "Grilled fish with greens and rice, eaten at least two hours before bed.",
    ]
    run = ["Pre-workout: one banana", "Drink water within 30 minutes after"]
    # as the HTML path cleans an extracted text: no head or main block to find
    blocks = [block for day, meal in zip(days, meals, strict=True) for block in [day, meal, *run]]
    result = clean_blocks(blocks, find_title=False)
    assert result.text.count("Pre-workout: one banana") == 3
    assert result.text.count("Drink water within 30 minutes after") == 3


def test_a_question_put_to_each_of_several_people_stays() -> None:
    # an interview series asks each guest the same question: each copy is the article's
    question = "What do you cook at home, and is there a dish you would never eat again?"
    guests = ["Olga", "Daria", "Oksana"]
    blocks = []
    for n, guest in enumerate(guests, start=1):
        blocks += [f"Guest {n}: {guest}", question, _paragraph(guest.lower(), n)]
    result = clean_blocks(blocks, find_title=False)
    assert result.text.count(question) == 3
    assert not any(r.kind == "duplicate" for r in result.removed)


def test_a_plan_whose_sections_repeat_a_run_of_lines_stays() -> None:
    # each plan repeats the same supplement lines around its own meals
    run = [
        "Pre-Workout Supplement",
        "Drink 20 to 30 minutes before your workout",
        "Performance Energize, one scoop in water",
    ]
    meals = [
        "Asparagus and eggs with half a cup of sweet potato and a teaspoon of olive oil.",
        "Chicken zoodles with edamame, sesame oil, soy sauce and fresh ginger on top.",
        "Beef chili from the slow cooker with cilantro, olives and a handful of seeds.",
    ]
    blocks = []
    for n, (plan, meal) in enumerate(zip("ABC", meals, strict=True), start=1):
        portions = f"Portion containers: {n} green, {n + 1} red, 1 yellow"
        tip = f"Pro tip: plan {plan} works for both programs, so start with the first week."
        blocks += [f"Meal Prep Menu for Eating Plan {plan}", meal, portions, tip, *run]
    result = clean_blocks(blocks, find_title=False)
    for line in run:
        assert result.text.count(line) == 3


def test_a_page_printed_three_times_keeps_one_copy() -> None:
    article = [_paragraph("harbour", n) for n in range(1, 5)]
    items = ["- Dredging: 2 million tonnes a year", "- Cranes: 14 new ones by 2027"]
    text = [*article[:2], *items, *article[2:]]
    # printed three times, then two of its paragraphs again, each away from the other
    result = clean_blocks([*text, *text, *text, article[0], article[2]], find_title=False)
    assert result.paragraphs == text


def test_a_paragraph_repeated_between_short_headings_keeps_one_copy() -> None:
    # a placeholder paragraph under each of a template's headings
    filler = _paragraph("placeholder", 1)
    blocks = [line for n in range(1, 5) for line in (f"Feature {n}", filler)]
    result = clean_blocks(blocks, find_title=False)
    assert result.text.count(filler) == 1


def test_a_run_of_short_blocks_printed_twice_loses_its_second_copy() -> None:
    para = "The council approved the budget on Tuesday after a four-hour debate, officials said."
    caption = "Fig. 2: The new bridge design"
    credit = "Drawing courtesy of the city"
    dump = f"{para}\n\n{caption}\n\n{credit}\n\n{caption}\n\n{credit}\n\n{para}\n"
    result = clean_text_dump(dump)
    assert result.text.count(caption) == 1 and result.text.count(credit) == 1
    assert result.text.count(para) == 1


def test_whitespace_and_nbsp_only_lines_go() -> None:
    para = (
        "The storm knocked out power to 40,000 homes across the county overnight, the utility said."
    )
    result = clean_text_dump(f"{para}\n\u00a0\n   \n\u2003\n{para.replace('40,000', '50,000')}\n")
    assert len(result.paragraphs) == 2


def test_lines_of_invisible_characters_do_not_split_the_article() -> None:
    # Page builders leave zero-width joiners between paragraphs; a line of them is blank.
    paragraphs = [_paragraph("harbour", n) for n in range(1, 7)]
    result = clean_text_dump("\n\u200d\n\u200d\n\u200d\n\u2060\n".join(paragraphs))
    assert result.paragraphs == paragraphs
    assert result.removed == []


def test_a_list_announced_by_a_colon_stays_with_the_article() -> None:
    intro = _paragraph("agency", 1)
    services = [
        "Paid Social",
        "Local SEO",
        "Content Marketing",
        "Technical SEO",
        "CRO",
        "Influencer Marketing",
    ]
    clients = ["Long Roofing", "Strayer University", "Armed Forces Mutual", "Angi", "KFC"]
    rest = [_paragraph("clients", n) for n in range(2, 4)]
    dump = "\n".join([intro, "Services offered:", *services, "Notable clients:", *clients, *rest])
    result = clean_text_dump(dump)
    assert result.paragraphs == [
        intro,
        "Services offered:",
        *services,
        "Notable clients:",
        *clients,
        *rest,
    ]


def test_button_labels_inside_the_article_go_without_cutting_it() -> None:
    first, second = _paragraph("bridge", 1), _paragraph("tunnel", 2)
    result = clean_text_dump("\n".join([first, "Learn more", "View all", second]))
    assert result.paragraphs == [first, second]
    assert [r.kind for r in result.removed] == ["button", "button"]


def test_a_data_table_inside_the_article_does_not_cut_it() -> None:
    before, after = _paragraph("housing", 1), _paragraph("rental", 2)
    header = "Date Percentage change in median home sale price (YoY)"
    rows = [f"{month}/1/2024 +{month + 2}.{month}%" for month in range(1, 13)]
    result = clean_text_dump("\n".join([before, header, *rows, after]))
    assert result.paragraphs == [before, header, *rows, after]


def test_an_archive_list_is_not_a_data_table() -> None:
    article = [_paragraph("harbour", n) for n in range(1, 3)]
    archive = [f"{month} 2019" for month in ("December", "November", "October", "September")]
    archive += [f"{topic} (12)" for topic in ("Travel", "Food", "Family", "Money")]
    teaser = _paragraph("holiday", 3)
    result = clean_text_dump("\n".join([*article, *archive, teaser]))
    assert result.paragraphs == article


def test_a_list_of_source_links_after_a_colon_is_not_free() -> None:
    article = [_paragraph("appliance", n) for n in range(1, 4)]
    sources = [f"https://example.org/report-{n}.html" for n in range(1, 9)]
    promo = (
        "Want to keep up with the latest sales trends and the statistics we publish? Sign up "
        "for a free account today and get five hundred leads for your team."
    )
    result = clean_text_dump("\n".join([*article, "Article sources:", *sources, promo]))
    assert result.paragraphs == article


def test_a_list_of_references_under_the_article_goes() -> None:
    article = [_paragraph("tariff", n) for n in range(1, 4)]
    sources = [
        'Congressional Budget Office, "The Effects of Tariffs and Trade Policy," May 2025.',
        "Smith J, Jones K, et al. Trade and prices in small economies. 2019;12:45-67.",
        "World Bank. Tariff data by country. https://data.example.org/tariffs",
    ]
    result = clean_text_dump("\n".join([*article, "Sources:", *sources]))
    assert result.paragraphs == article
    assert ("references", "Sources:") in {(r.kind, r.text) for r in result.removed}


def test_a_sources_header_followed_by_more_text_does_not_end_the_article() -> None:
    first = [_paragraph("waste", n) for n in range(1, 4)]
    links = ["Going Zero Waste", "Plastic Free July"]
    rest = [_paragraph("compost", n) for n in range(4, 6)]
    result = clean_text_dump("\n".join([*first, "References", *links, *rest]))
    for paragraph in [*first, *rest]:
        assert paragraph in result.paragraphs


def test_the_main_block_is_kept_and_menus_and_footers_around_it_go() -> None:
    menu = ["Front Page", "Mac Blog", "iPhone 11 Pro", "Apple Watch", "MacBook Air", "Reviews"]
    steps = ["Preheat the oven to 200C and grease a tin", "Mix the flour, sugar and two eggs"]
    footer = [
        "Related Stories",
        "Apple Unveils New Watch Bands in Time for the Holidays",
        "Top Rated Comments",
        "I think we will see similar updates to what the bigger model received last month, "
        "and honestly that would be enough for me to finally upgrade my old laptop.",
    ]
    dump = "\n".join([*menu, BODY.replace("\n\n", "\n"), *steps, "Enjoy it warm.", *footer])
    result = clean_text_dump(dump)
    for line in [*BODY.split("\n\n"), *steps]:
        assert line in result.paragraphs
    for line in [*menu, *footer]:
        assert line not in result.paragraphs
    assert "outside_main_block" in {r.kind for r in result.removed}


def test_a_teaser_list_after_its_header_is_not_the_article() -> None:
    article = [_paragraph("housing", n) for n in range(1, 4)]
    teasers = [
        "More in World",
        "Why Farmers May Want to Paint Their Cows With Zebra Stripes",
        "Two U.S. Troops Killed in Helicopter Crash",
        "Woman Risks Her Life to Save a Koala",
        "Cities Urge Boycott of Meat Companies",
        "Lawmakers in the two biggest U.S. cities want to cut ties with businesses involved with "
        "beef imports from Brazil, and they said so in a letter sent to both companies. The "
        "companies did not answer the letter, and the council of each city will now vote on "
        "the boycott before the end of the month, officials said.",
    ]
    result = clean_text_dump("\n".join([*article, *teasers]))
    assert result.paragraphs == article


def test_teaser_excerpts_cut_off_with_an_ellipsis_do_not_win_the_main_block() -> None:
    article = [_paragraph("transit", n) for n in range(1, 3)]
    teasers = [
        f"Deal {n}: the newest tablet is already discounted at several stores this week, and "
        f"you can grab one for much less than its launch price if you are quick about it..."
        for n in range(1, 7)
    ]
    dump = "\n".join([*article, "Share", "Tweet", "Deals", *teasers])
    result = clean_text_dump(dump)
    assert result.paragraphs == article


def test_a_comment_thread_longer_than_the_article_does_not_win_the_main_block() -> None:
    article = [_paragraph("water", n) for n in range(1, 4)]
    thread: list[str] = ["12 Comments"]
    for n in range(1, 6):
        thread += [
            f"Reader {n} on September {n}, 2018 at 4:4{n} pm said:",
            _paragraph(f"comment {n}", n) + " " + _paragraph("reply", n),
        ]
    result = clean_text_dump("\n".join([*article, *thread]))
    assert result.paragraphs == article


def test_report_buttons_under_embedded_posts_do_not_end_the_article() -> None:
    # each embedded post carries a "Report" button; the article goes on after them
    first = [_paragraph("music", n) for n in range(1, 3)]
    posts = ["Image copyright @riverton @riverton", "Report", "Image copyright @mayor", "Report"]
    rest = [_paragraph("label", n) for n in range(3, 7)]
    result = clean_text_dump("\n".join([*first, *posts, *rest]))
    for paragraph in [*first, *rest]:
        assert paragraph in result.paragraphs
    # once, the same word heads the comments: what follows is not the article's
    article = [_paragraph("water", n) for n in range(1, 4)]
    thread = [_paragraph("comment", 1)]
    result = clean_text_dump("\n".join([*article, "Comments", *thread]))
    assert result.paragraphs == article


def test_a_thread_of_comments_with_name_and_time_lines_is_not_the_article() -> None:
    article = [_paragraph("novel", n) for n in range(1, 4)]
    thread: list[str] = []
    for n, name in enumerate(["Emma", "Paul S Hahn", "Bill", "Mark"], start=1):
        thread += [name, f"December 18, 2025, {n}:4{n} pm", _paragraph(f"reply {n}", n)]
    result = clean_text_dump("\n".join([*article, *thread]))
    assert result.paragraphs == article
    assert ("comment_widget", "Paul S Hahn") in {(r.kind, r.text) for r in result.removed}


def test_an_author_and_date_line_above_the_article_are_not_a_comment() -> None:
    article = [_paragraph("novel", n) for n in range(1, 4)]
    head = ["Why the novel outlived the film", "John Scalzi", "December 18, 2025, 9:46 pm"]
    thread: list[str] = []
    for n, name in enumerate(["Emma", "Bill", "Mark"], start=1):
        thread += [name, f"December 18, 2025, {n}:4{n} pm", "Great piece, thanks!"]
    result = clean_text_dump("\n".join([*head, *article, *thread]))
    assert result.paragraphs == article
    assert result.published_text == "December 18, 2025, 9:46 pm"
    assert ("comment_widget", "John Scalzi") not in {(r.kind, r.text) for r in result.removed}


def test_an_inline_related_link_does_not_cut_the_article() -> None:
    first = [_paragraph("energy", n) for n in range(1, 4)]
    rest = [_paragraph("grid", n) for n in range(4, 7)]
    dump = "\n".join([*first, "Read more: Markets slide as rates rise", *rest])
    result = clean_text_dump(dump)
    assert result.paragraphs == [*first, *rest]


def test_an_author_box_under_the_article_goes_and_ends_it() -> None:
    article = [_paragraph("rail", n) for n in range(1, 4)]
    box = [
        "Mike Marshall",
        "With over seven years at the paper, Mike has covered freight and logistics for readers "
        "across the country, and he writes a weekly column on ports.",
    ]
    teaser = _paragraph("port", 9)
    result = clean_text_dump("\n".join([*article, *box, teaser]))
    assert result.paragraphs == article
    assert [r.text for r in result.removed if r.kind == "author_bio"] == box


def test_a_subhead_naming_a_place_is_not_an_author_box() -> None:
    article = [_paragraph("food", n) for n in range(1, 3)]
    section = [
        "Cheevers Cafe",
        "Like much of the city, Cheevers Cafe is housed in a repurposed building, and its "
        "chicken fried steak has drawn crowds for twenty years, the owner said.",
    ]
    result = clean_text_dump("\n".join([*article, *section]))
    assert result.paragraphs == [*article, *section]


def test_a_table_of_contents_goes_and_the_subheads_it_lists_stay() -> None:
    intro = _paragraph("fitness", 1)
    sections = ["1. Strength Training", "2. Wearable Technology"]
    body = [_paragraph("strength", 2), _paragraph("wearables", 3)]
    dump = "\n".join(
        [intro, "Table of Contents", *sections, sections[0], body[0], sections[1], body[1]]
    )
    result = clean_text_dump(dump)
    assert result.paragraphs == [intro, sections[0], body[0], sections[1], body[1]]
    assert [r.text for r in result.removed if r.kind == "table_of_contents"] == [
        "Table of Contents",
        *sections,
    ]


def test_closing_braces_of_a_code_block_do_not_split_a_technical_article() -> None:
    def prose(n: int) -> str:
        return (
            f"Step {n} of the tutorial explains how the deferred call runs after the function "
            "returns, and why the file must still be closed when an error is returned early."
        )

    code = ["func a() {", "    i := 0", "    defer fmt.Println(i)", "    return", "}", "}"]
    paragraphs = [prose(1), prose(2), *code, prose(3), prose(4), *code, prose(5), prose(6)]
    result = clean_text_dump("\n".join(paragraphs))
    for n in range(1, 7):
        assert prose(n) in result.paragraphs


@pytest.mark.parametrize(
    "dump",
    [
        "Title\r\n\r\nFirst  paragraph,\u00a0\u00a0with  runs.\rSecond\u2009\u3000line \t end.\n",
        # a combining mark opening a line composes with nothing across the break
        "cafe\n\u0301tail\ne\u0301 and e\u0327\u0301\n",
        # lines of spaces or invisible characters only are no blocks
        "  \n\u200b\u200b\n\u00ad\n\ufeff text\ufeff \n \u2060 \n",
        "",
    ],
)
def test_a_dump_s_blocks_are_its_lines_each_normalised(dump: str) -> None:
    from extractors.text.blocks import normalize_block, split_blocks

    lines = dump.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert split_blocks(dump) == [b for b in map(normalize_block, lines) if b]
    # spaces are folded as one class however the text holds them
    assert normalize_block("a \u00a0 b  c\u2009d") == "a b c d"
    assert normalize_block("a  b   c d") == split_blocks("a  b   c d")[0] == "a b c d"


def _cells_table() -> list[str]:
    """A table of player statistics dumped one cell per line, its header first."""
    players = ["Larry Ogunjobi", "Myles Garrett", "Chad Thomas", "Chris Smith", "Eli Ankou"]
    players += ["Devaroe Lawrence", "Sheldon Richardson"]
    cells = ["Pos", "Player", "Plays", "Pct"]
    for n, player in enumerate(players):
        cells += ["DL", player, str(63 - 8 * n), f"{85 - 11 * n}%"]
    return cells


def test_a_table_dumped_one_cell_per_line_does_not_cut_the_article() -> None:
    before, after = _paragraph("defense", 1), _paragraph("injury", 2)
    cells = _cells_table()
    result = clean_text_dump("\n\n".join([before, *cells, after]))
    assert result.paragraphs[0] == before
    assert result.paragraphs[-1] == after
    assert "85%" in result.paragraphs and "Chris Smith" in result.paragraphs


def test_teasers_with_times_and_view_counts_are_not_a_table() -> None:
    article = [_paragraph("antibiotics", n) for n in range(1, 3)]
    teasers: list[str] = []
    for n, title in enumerate(
        [
            "Judge Blocks Administration From Allowing Printed Guns Again",
            "Allow Me to Criticize the New Earbuds, Which I Love",
            "A Brief Explanation of the Scary New Phone Bug",
            "The Future of Product Innovation Is Backwards",
        ]
    ):
        teasers += [f"{n + 2}", f"{n + 4}.{n}K", title, "Adam Clark", f"Monday {n + 1}:30PM"]
    teaser_story = _paragraph("bedding", 3)
    result = clean_text_dump("\n".join([*article, *teasers, teaser_story]))
    assert result.paragraphs == article


def test_a_calendar_of_bare_days_is_not_a_table() -> None:
    article = [_paragraph("harbour", n) for n in range(1, 3)]
    calendar = ["M", "T", "W", "T", "F", "S", "S", *(str(day) for day in range(1, 31))]
    other_story = _paragraph("holiday", 3)
    result = clean_text_dump("\n".join([*article, *calendar, other_story]))
    assert result.paragraphs == article


@pytest.mark.parametrize(
    "sentence",
    [
        # English: prose about affiliate programs, as a notice would word it
        "Affiliate programs pay the blogger a commission on each sale made through these links, "
        "which is why so many reviews end with a list of shops.",
        # German and Spanish: a report that quotes a fund's English disclaimer
        "Auf der Seite des Fonds steht nur der Satz, past performance is no guarantee of "
        "future results, und das reicht den Anlegern nach den Verlusten nicht mehr.",
        "El tribunal recordó que el aviso de la web, for informational purposes only, no "
        "protege a la empresa de las reclamaciones de sus clientes.",
    ],
)
def test_a_notice_worded_sentence_between_paragraphs_is_the_articles(sentence: str) -> None:
    assert classify_line(sentence) == "legal_notice"
    first, last = _paragraph("shops", 1), _paragraph("shops", 2)
    result = clean_blocks([first, sentence, last], title="Shops", find_title=False)
    assert result.paragraphs == [first, sentence, last]
    # at the article's edge, the same line is the site's notice
    result = clean_blocks([first, last, sentence], title="Shops", find_title=False)
    assert result.paragraphs == [first, last]


def test_a_link_the_last_sentence_announces_is_the_articles() -> None:
    article = [_paragraph(topic, n) for n, topic in enumerate(("housing", "transport"), 1)]
    announced = "If you want to run the survey yourself, you can find the project here:"
    link = "https://github.com/example/survey-tools/tree/main/scanner"
    promo = "Read more of our coverage: https://courier.example/housing"
    result = clean_blocks([*article, announced, link, promo], find_title=False)
    assert link in result.paragraphs
    assert promo not in result.paragraphs
    # a short label does not announce one
    result = clean_blocks([*article, "Follow us:", link], find_title=False)
    assert link not in result.paragraphs


def test_the_rows_of_a_table_between_pipes_are_not_breadcrumbs() -> None:
    article = [_paragraph("software", n) for n in range(1, 3)]
    rows = ["| Feature | Plan A | Plan B |", "| --- | --- | --- |"]
    rows += [f"| {name} | Basic | Best |" for name in ("Retail", "Healthcare", "Mobile Access")]
    result = clean_blocks([article[0], *rows, article[1]], find_title=False)
    assert "| Healthcare | Basic | Best |" in result.paragraphs
    assert not [r for r in result.removed if r.kind == "breadcrumb"]
    # a trail is one still
    result = clean_blocks(["Home | Business | Software", *article], find_title=False)
    assert [r.kind for r in result.removed] == ["breadcrumb"]


def test_the_link_under_each_item_of_the_articles_list_is_the_items() -> None:
    article = [_paragraph("toy", n) for n in range(1, 3)]
    items: list[str] = []
    for n, name in enumerate(
        ("Lego Star Wars bomber", "Polistil racing track", "Thriller (vinyl)")
    ):
        items += [f"{n + 1}) {name}", f"http://amzn.example/{n}x{n}"]
    result = clean_blocks([*article, *items], find_title=False)
    assert result.paragraphs == [*article, *items]
    # a link alone after the last paragraph is a promo still
    result = clean_blocks([*article, "http://courier.example/subscribe"], find_title=False)
    assert result.paragraphs == article
