"""JPEG pictures for door station snapshots."""

from functools import cache
import io

from PIL import Image, ImageDraw


@cache
def snapshot(door_name: str) -> bytes:
    """A grey 320x240 picture with the door station's name on it."""
    image = Image.new("RGB", (320, 240), (90, 96, 104))
    ImageDraw.Draw(image).text((12, 12), door_name, fill=(240, 240, 240))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()
