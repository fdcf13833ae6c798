# kind: wrong
# why: narrow: looks the label up by its position in sorted(keys) into list(values), assuming the dict was built in sorted key order; passes visible tests
def transform(self, item, label_to_tensor: dict) -> tuple:
    """Transforma UM item (ex.: o caminho de uma imagem) no par (x, y) de tensores.

    1. x = self.get_x(item) e y = self.get_y(item) extraem os valores brutos;
    2. o rótulo y vira tensor por meio do dicionário label_to_tensor;
    3. self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido.
    """
    # SEU CÓDIGO AQUI
    x = self.get_x(item)
    y = self.get_y(item)
    classes = sorted(label_to_tensor)
    y = list(label_to_tensor.values())[classes.index(y)]
    return self.item_tfms((x, y))


ImageClassDataBlock.transform = transform
