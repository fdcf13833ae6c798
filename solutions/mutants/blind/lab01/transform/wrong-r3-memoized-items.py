# kind: wrong
# why: Memoises the transformed pair per item on the block, so later calls ignore a different label_to_tensor and freeze any random item_tfms; violates the steps "o rótulo y vira tensor por meio do dicionário label_to_tensor" / "self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido" on each call.
def transform(self, item, label_to_tensor: dict) -> tuple:
    """Transforma UM item (ex.: o caminho de uma imagem) no par (x, y) de tensores.

    1. x = self.get_x(item) e y = self.get_y(item) extraem os valores brutos;
    2. o rótulo y vira tensor por meio do dicionário label_to_tensor;
    3. self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido.
    """
    if not hasattr(self, "item_cache"):
        self.item_cache = {}
    cache = self.item_cache
    if item not in cache:  # abrir o JPEG é caro: guarda o resultado
        x = self.get_x(item)
        y = label_to_tensor[self.get_y(item)]
        cache[item] = self.item_tfms((x, y))
    return cache[item]


ImageClassDataBlock.transform = transform
