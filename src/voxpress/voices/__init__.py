"""Voices: the catalogue of installed speech engines and their voices.

``get_voice(id)`` gives a loaded ``Voice`` (see ``base``); ``list_voices()`` what is
installed; ``default_voice_id(language)`` the best voice for a language.
Engines: ``piper`` (default, neural), ``kokoro`` (neural, optional) and ``espeak``
(every language, the fallback).
"""

from voxpress.voices.base import SentenceAudio, Voice, VoiceInfo
from voxpress.voices.catalogue import DEFAULT_VOICE_ID, default_voice_id, get_voice, list_voices

__all__ = [
    "DEFAULT_VOICE_ID",
    "SentenceAudio",
    "Voice",
    "VoiceInfo",
    "default_voice_id",
    "get_voice",
    "list_voices",
]
