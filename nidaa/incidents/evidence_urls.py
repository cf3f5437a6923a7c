"""Evidence, custody and protected sites: staff pages (under /record/evidence/) and the public
copies of images."""


staff_patterns: list = []
public_patterns: list = []
