"""The blocks an article body is made of."""

from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Describe the picture for readers who cannot see it.",
    )
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=160)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"


class EmbedStructValue(blocks.StructValue):
    @property
    def provider(self) -> str:
        host = urlparse(self.get("url") or "").hostname or ""
        host = host.removeprefix("www.").removeprefix("m.")
        known = {
            "youtube.com": "YouTube",
            "youtu.be": "YouTube",
            "x.com": "X",
            "twitter.com": "X",
            "instagram.com": "Instagram",
            "facebook.com": "Facebook",
            "vimeo.com": "Vimeo",
        }
        return known.get(host, host)


class ExternalEmbedBlock(blocks.StructBlock):
    """A post or video from another platform, shown as a link card.

    Readers' privacy and page speed come first: nothing is loaded from the
    other host until the reader follows the link (no third-party scripts).
    """

    url = blocks.URLBlock(help_text="Link to the post or video.")
    title = blocks.CharBlock(max_length=200, help_text="What the reader will find there.")
    description = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "media"
        template = "components/blocks/embed.html"
        value_class = EmbedStructValue


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "doc-full"
        template = "components/blocks/factbox.html"


class RelatedLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False, page_type="articles.ArticlePage")
    url = blocks.URLBlock(required=False)
    label = blocks.CharBlock(required=False, max_length=200, help_text="Defaults to the headline.")

    class Meta:
        icon = "link"
        template = "components/blocks/related_link.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ErrorList([ValidationError("Choose a story or give a URL.")])}
            )
        if value.get("url") and not value.get("label"):
            raise blocks.StructBlockValidationError(
                block_errors={"label": ErrorList([ValidationError("A label is needed for a URL.")])}
            )
        return value


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text="Describe the picture for readers who cannot see it."
    )
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"


class GalleryBlock(blocks.StructBlock):
    """A photo gallery (photostories): figures in order, a full-screen viewer when scripts run."""

    title = blocks.CharBlock(required=False, max_length=120)
    images = blocks.ListBlock(GalleryImageBlock(), min_num=2, max_num=60)

    class Meta:
        icon = "image"
        template = "components/blocks/gallery.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "h2", "h3", "ol", "ul"],
        template="components/blocks/paragraph.html",
    )
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    embed = ExternalEmbedBlock()
    fact_box = FactBoxBlock()
    related_link = RelatedLinkBlock()
    gallery = GalleryBlock()
