"""Draws the program's icon (Pillow only): `python resources/icons/make_icon.py`.

An e-KTP card, blue as the card is, with its photo and a barcode: what the desk receives and
scans. Written as `loket.ico` (16 to 256 pixels: the .exe files, the shortcuts, the installer,
"Apps & features") and `loket.png` (the window's icon on the task bar).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "fonts" / "LiberationSans-Bold.ttf"
SIZE = 256
CARD_BLUE = (25, 104, 173)
CARD_LIGHT = (120, 178, 222)
WHITE = (255, 255, 255)
INK = (20, 40, 70)
SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw_icon() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    # The card, landscape, with a lighter band across its top like the e-KTP's.
    card = (8, 40, 248, 216)
    draw.rounded_rectangle(card, radius=22, fill=CARD_BLUE)
    draw.rounded_rectangle((8, 40, 248, 92), radius=22, fill=CARD_LIGHT)
    draw.rectangle((8, 70, 248, 92), fill=CARD_LIGHT)
    font = ImageFont.truetype(str(FONT), 46)
    draw.text((26, 45), "KTP", font=font, fill=INK)
    # The photo, right.
    draw.rounded_rectangle((170, 104, 234, 184), radius=6, fill=WHITE)
    draw.ellipse((186, 114, 218, 146), fill=CARD_LIGHT)
    draw.pieslice((176, 144, 228, 204), 180, 360, fill=CARD_LIGHT)
    # A barcode, left: what the scanner reads.
    draw.rectangle((24, 110, 154, 196), fill=WHITE)
    x = 32
    for width in (4, 2, 6, 2, 4, 8, 2, 4, 2, 6, 4, 2, 8, 2, 4, 6):
        draw.rectangle((x, 118, x + width - 1, 188), fill=INK)
        x += width + 3
        if x > 146:
            break
    return image


def main() -> None:
    icon = draw_icon()
    icon.save(HERE / "loket.png")
    icon.save(HERE / "loket.ico", sizes=SIZES)


if __name__ == "__main__":
    main()
