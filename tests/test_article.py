"""The article's word count and reading time, and its agreement with what narration times."""

from __future__ import annotations

import pytest

from voxpress.article import Article, count_words, reading_time_minutes
from voxpress.speech import prepare_script


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The council's 1,200-page report, published on Friday, didn't say much.", "en"),
        ("新的铁路线明年开通。乘客可以更快到达首都。", "zh"),
        ("新しい駅は来年開業する。住民は便利になると話した。", "ja"),
        ("सरकार ने नई योजना की घोषणा की। लोगों ने इसका स्वागत किया।", "hi"),
        ("أعلنت الحكومة خُطةً جديدةً للنقل.", "ar"),
    ],
)
def test_word_count_matches_the_words_narration_times(text: str, language: str) -> None:
    assert count_words(text) == prepare_script(text, language).written_words


def test_reading_time_is_rounded_up_at_200_words_per_minute() -> None:
    assert reading_time_minutes(0) == 1
    assert reading_time_minutes(200) == 1
    assert reading_time_minutes(201) == 2
    article = Article(title="Two words", paragraphs=("word " * 250,), standfirst=("One more line here",))
    assert article.word_count == 2 + 250 + 4
    assert article.reading_time_minutes == 2
    assert article.narration_text.split("\n\n")[:2] == ["Two words", "One more line here"]
