# kind: correct
# why: one expression: self.item_tfms called on the tuple (get_x(item), label_to_tensor[get_y(item)]); get_y called before get_x but both on the raw item
def transform(self, item, label_to_tensor: dict) -> tuple:
    """Transforma UM item (ex.: o caminho de uma imagem) no par (x, y) de tensores.

    1. x = self.get_x(item) e y = self.get_y(item) extraem os valores brutos;
    2. o rótulo y vira tensor por meio do dicionário label_to_tensor;
    3. self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido.
    """
    # SEU CÓDIGO AQUI
    return self.item_tfms((self.get_x(item), label_to_tensor[self.get_y(item)]))


ImageClassDataBlock.transform = transform
