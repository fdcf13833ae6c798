# kind: correct
# why: get_x/get_y on the item, maps y through label_to_tensor, then applies the item_tfms Pipeline to the pair and returns its result.
def transform(self, item, label_to_tensor: dict) -> tuple:
    """Transforma UM item (ex.: o caminho de uma imagem) no par (x, y) de tensores.

    1. x = self.get_x(item) e y = self.get_y(item) extraem os valores brutos;
    2. o rótulo y vira tensor por meio do dicionário label_to_tensor;
    3. self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido.
    """
    x = self.get_x(item)
    y = self.get_y(item)
    y = label_to_tensor[y]
    return self.item_tfms((x, y))


ImageClassDataBlock.transform = transform
