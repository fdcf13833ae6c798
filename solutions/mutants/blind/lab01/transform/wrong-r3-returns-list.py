# kind: wrong
# why: Unpacks the transformed pair and returns a list [x, y] instead of the pair (tuple) the Pipeline gave; violates "self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido" (and the -> tuple contract).
def transform(self, item, label_to_tensor: dict) -> tuple:
    """Transforma UM item (ex.: o caminho de uma imagem) no par (x, y) de tensores.

    1. x = self.get_x(item) e y = self.get_y(item) extraem os valores brutos;
    2. o rótulo y vira tensor por meio do dicionário label_to_tensor;
    3. self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido.
    """
    x = self.get_x(item)
    y = label_to_tensor[self.get_y(item)]
    x, y = self.item_tfms((x, y))
    return [x, y]


ImageClassDataBlock.transform = transform
