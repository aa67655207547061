"""Stories that are mostly a list: product round-ups, listings, calendars. Invented copies."""

from __future__ import annotations

from voxpress.extract import extract_from_text

MENU = ["Home", "Reviews", "Deals", "Outdoors", "Kitchen", "Sign In"]
TITLE = "Six camping stoves worth packing this summer"
INTRO = [
    "A good stove turns a cold evening on a hillside into a proper meal, and the choice has never been wider "
    "than it is this year.",
    "We boiled water, simmered porridge and fried onions on every stove below, on a windy ridge and in a "
    "sheltered valley, so you do not have to.",
]
CARDS = [
    (
        "Ridgeback Mini Burner",
        [
            "Folds down to the size of a fist",
            "Boils a litre of water in four minutes",
            "Works with the common screw-on gas canisters",
        ],
        "$42.00",
    ),
    (
        "Valley Twin Ring Stove",
        [
            "Two burners for cooking a meal and a brew at once",
            "Built-in wind shield on three sides",
            "Works with the common screw-on gas canisters",
        ],
        "$89.50",
    ),
    (
        "Pebble Wood Stove",
        [
            "Burns twigs and pine cones instead of gas",
            "Charges a phone from the heat of the fire",
            "Heavier than the others but never runs out of fuel",
        ],
        "$120.00",
    ),
    (
        "Summit Pressure Cooker Kit",
        [
            "Cooks rice and beans in a third of the time at altitude",
            "Comes with a pot, a lid and a folding handle",
            "Needs a steady flame and a flat rock to stand on",
        ],
        "$64.99",
    ),
]
LABELS = ["Available from Hillside Outfitters", "We may earn a commission", "Buy now"]
OUTRO = "Prices were checked on the morning this guide went out and may have changed since."
FOOTER = ["Tags: Camping, Gear", "More deals", "Tent sale ends tonight", "By Ada Moss 2 hours ago"]


def copied(*blocks: list[str]) -> str:
    return "\n".join(line for block in blocks for line in block)


def card_lines() -> list[str]:
    lines: list[str] = []
    for name, features, price in CARDS:
        lines += [name, *features, price, *LABELS]
    return lines


def test_a_round_up_of_product_cards_is_read_card_by_card() -> None:
    article = extract_from_text(copied(MENU, [TITLE], INTRO, card_lines(), [OUTRO], FOOTER))
    assert article.title == TITLE
    body = list(article.paragraphs)
    assert body[:2] == INTRO
    for name, features, price in CARDS:
        # A feature that several stoves share is read for each of them.
        assert name in body and price in body
        start = body.index(name)
        assert body[start + 1 : start + 1 + len(features)] == features
    assert body[-1] == OUTRO
    # The labels every card repeats are the shop's buttons, not part of the story.
    assert not set(LABELS) & set(body)
    assert "Tent sale ends tonight" not in body


def test_a_teaser_box_with_a_label_between_headlines_is_not_a_list_of_cards() -> None:
    teasers: list[str] = []
    for headline in [
        "Tent sale ends tonight at every branch",
        "How to dry a sleeping bag on the trail",
        "The best head torches for winter walks",
        "Why your boots hurt on the way down",
    ]:
        teasers += [headline, "Sponsored by Hillside"]
    story = [
        *INTRO,
        "The lightest stove we tried weighed less than a bar of soap, yet it kept a pan of stew bubbling for "
        "an hour on a single small canister.",
        "The heaviest was the wood burner, which needs no fuel at all but takes a patient cook to get going "
        "on damp evenings.",
    ]
    article = extract_from_text(copied(MENU, [TITLE], story, ["More from Outdoors"], teasers))
    assert list(article.paragraphs) == story


def test_a_label_seen_again_in_a_box_after_the_story_is_another_list() -> None:
    box = ["Related topics:"]
    for teaser in ["Tent sale ends tonight", "Head torches for winter", "Boots for the long way down"]:
        box += [teaser, *LABELS]
    article = extract_from_text(copied(MENU, [TITLE], INTRO, card_lines(), [OUTRO], box))
    body = list(article.paragraphs)
    for name, features, _price in CARDS:
        start = body.index(name)
        assert body[start + 1 : start + 1 + len(features)] == features
    assert body[-1] == OUTRO
