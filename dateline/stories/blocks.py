"""The pages a Web Story is made of: a full-screen picture or video, a few words, a link."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

MIN_PAGES = 5
MAX_PAGES = 30
VIDEO_EXTENSIONS = (".mp4", ".webm")


class StoryPageBlock(blocks.StructBlock):
    background_image = ImageChooserBlock(
        help_text="Portrait works best (3:4 or 9:16). Also the still shown before a video plays."
    )
    image_alt = blocks.CharBlock(
        max_length=250, help_text="Describe the picture for readers who cannot see it."
    )
    background_video = DocumentChooserBlock(
        required=False, help_text="Optional MP4 or WebM that plays over the picture, muted."
    )
    heading = blocks.CharBlock(max_length=90)
    text = blocks.TextBlock(required=False, max_length=280, help_text="A sentence or two.")
    link_page = blocks.PageChooserBlock(
        required=False, page_type="articles.ArticlePage", help_text="The story to read more in."
    )
    link_label = blocks.CharBlock(required=False, max_length=40, help_text="Default: Read more")

    class Meta:
        icon = "image"
        label = "Story page"

    def clean(self, value):
        value = super().clean(value)
        video = value.get("background_video")
        if video and not video.file.name.lower().endswith(VIDEO_EXTENSIONS):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "background_video": ErrorList(
                        [ValidationError("Choose an MP4 or WebM video file.")]
                    )
                }
            )
        return value


class StoryPagesBlock(blocks.StreamBlock):
    page = StoryPageBlock()

    class Meta:
        min_num = MIN_PAGES
        max_num = MAX_PAGES
