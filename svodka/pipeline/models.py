"""The one place models are loaded: svodka's NER tagger, natasha's syntax (and NER, for
comparison), pymorphy3 and the gazetteer. The tagger's weights ship in svodka's package, slovnet's
and navec's inside their pip packages, so nothing is downloaded. Each loads on first use and once per ``Models`` object; the pipeline passes that
object to the stages that need it."""
from __future__ import annotations

from functools import cached_property


class Models:
    def __reduce__(self):
        """Models travel to another process as a recipe, never as loaded weights: the receiver
        loads its own on first use."""
        return Models, ()

    @cached_property
    def embedding(self):
        from natasha import NewsEmbedding
        return NewsEmbedding()

    @cached_property
    def ner_tagger(self):
        from natasha import NewsNERTagger
        return NewsNERTagger(self.embedding)

    @cached_property
    def ner(self):
        """svodka's own tagger (svodka/nlp/tagger.py; weights in the package), on navec's vectors."""
        from svodka.nlp.ner import SvodkaNER
        return SvodkaNER.load(self.embedding)

    @cached_property
    def morph_tagger(self):
        """natasha's morphology tagger, for the cases of the names the dictionary leaves open; it
        loads on the first such name (svodka/nlp/sentence_case.py)."""
        from svodka.nlp.sentence_case import LazyTagger

        def load():
            from natasha import NewsMorphTagger
            return NewsMorphTagger(self.embedding)
        return LazyTagger(load)

    @cached_property
    def syntax_parser(self):
        from natasha import NewsSyntaxParser
        return NewsSyntaxParser(self.embedding)

    @cached_property
    def morph(self):
        from svodka.nlp.morph import Morph
        return Morph()

    @cached_property
    def gazetteer(self):
        from svodka.nlp.gazetteer import Gazetteer
        return Gazetteer.load(self.morph)

    @cached_property
    def value_extractor(self):
        from svodka.values.extractor import ValueExtractor
        return ValueExtractor(self.morph)
