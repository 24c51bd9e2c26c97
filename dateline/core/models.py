"""Abstract model pieces of the kernel."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify


class NamedSlugMixin(models.Model):
    """A snippet with a public page addressed by its slug (authors, agencies): the slug
    follows the name unless an editor sets one, and `url_name` is the page's URL name."""

    url_name = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[: self._meta.get_field("slug").max_length]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(self.url_name, args=[self.slug])
