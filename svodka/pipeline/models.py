"""The one place models are loaded: natasha's NER and syntax, pymorphy3 and the
gazetteer. slovnet weights and navec embeddings ship inside the pip packages, so nothing is
downloaded. Each loads on first use and once per ``Models`` object; the pipeline passes that
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
