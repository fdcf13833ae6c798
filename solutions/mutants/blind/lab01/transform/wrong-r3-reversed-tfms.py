# kind: wrong
# why: Runs the item_tfms in reverse order (last first); [Resize, PILToTensor] still works reversed, but any non-commuting pair of transforms breaks; violates "self.item_tfms é aplicado ao PAR (x, y)" where "Pipeline compõe várias funções em sequência".
def transform(self, item, label_to_tensor: dict) -> tuple:
    """Transforma UM item (ex.: o caminho de uma imagem) no par (x, y) de tensores.

    1. x = self.get_x(item) e y = self.get_y(item) extraem os valores brutos;
    2. o rótulo y vira tensor por meio do dicionário label_to_tensor;
    3. self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido.
    """
    x, y = self.get_x(item), label_to_tensor[self.get_y(item)]
    pair = (x, y)
    for func in reversed(self.item_tfms.funcs):
        pair = func(pair)
    return pair


ImageClassDataBlock.transform = transform
