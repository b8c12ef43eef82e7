"""Draw the integration's brand images (icon and logo, normal and @2x).

Run with the project's environment: `.venv/bin/python scripts/brand.py`.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND = Path(__file__).resolve().parent.parent / "custom_components/smart_community/brand"
TEAL = (0, 137, 123, 255)
WHITE = (255, 255, 255, 255)


def draw_icon(size: int) -> Image.Image:
    """A building with a lit door under a signal arc, on a rounded teal square."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    unit = size / 16
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=3 * unit, fill=TEAL)
    # Two towers of the residential block.
    draw.rectangle((3 * unit, 6 * unit, 7.5 * unit, 13 * unit), fill=WHITE)
    draw.rectangle((8.5 * unit, 4 * unit, 13 * unit, 13 * unit), fill=WHITE)
    for column in (9.5, 11.25):
        for row in (5, 7, 9):
            draw.rectangle(
                (column * unit, row * unit, (column + 1) * unit, (row + 1) * unit), fill=TEAL
            )
    draw.rectangle((4.5 * unit, 10 * unit, 6 * unit, 13 * unit), fill=TEAL)
    # The connection: an arc over the smaller tower.
    for radius in (1.5, 2.6):
        box = (
            (5.25 - radius) * unit,
            (4.6 - radius) * unit,
            (5.25 + radius) * unit,
            (4.6 + radius) * unit,
        )
        draw.arc(box, start=220, end=320, fill=WHITE, width=max(2, round(unit * 0.45)))
    return image


def draw_logo(height: int) -> Image.Image:
    """The icon followed by the product name."""
    icon = draw_icon(height)
    font = ImageFont.load_default(size=round(height * 0.42))
    text = "Smart Community"
    left, top, right, bottom = font.getbbox(text)
    width = height + round(height * 0.2) + (right - left)
    logo = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    logo.paste(icon, (0, 0))
    ImageDraw.Draw(logo).text(
        (height + round(height * 0.2) - left, (height - (bottom - top)) / 2 - top),
        text,
        font=font,
        fill=TEAL,
    )
    return logo


def main() -> None:
    """Write every brand image Home Assistant and HACS look for."""
    BRAND.mkdir(parents=True, exist_ok=True)
    draw_icon(256).save(BRAND / "icon.png")
    draw_icon(512).save(BRAND / "icon@2x.png")
    draw_logo(128).save(BRAND / "logo.png")
    draw_logo(256).save(BRAND / "logo@2x.png")


if __name__ == "__main__":
    main()
