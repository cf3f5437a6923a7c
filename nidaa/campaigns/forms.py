from pathlib import Path

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from nidaa.campaigns.artwork import encode
from nidaa.campaigns.models import Campaign
from nidaa.core.images import open_image


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["slug", "status", "goal", "hashtags", "artwork", "artwork_credit", "default_language"]  # fmt: skip
        # A plain file field: our own reader decodes the image once and gives the reason for a
        # refusal (too large, not an image) instead of Django's generic message.
        field_classes = {"artwork": forms.FileField}
        widgets = {
            "artwork": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        }

    def clean_artwork(self) -> object:
        artwork = self.cleaned_data.get("artwork")
        if not isinstance(artwork, UploadedFile):
            return artwork  # unchanged, or cleared
        # Re-encode from pixels: EXIF, GPS and XMP in the upload never reach the public copy.
        image = open_image(artwork)
        return ContentFile(encode(image), name=f"{Path(artwork.name or 'artwork').stem}.jpg")
