# kind: wrong
# why: applies item_tfms in reverse order (last function first): passes visible tests because PILToTensor then Resize also works on tensors, but breaks any order-dependent pipeline
def transform(self, item, label_to_tensor: dict) -> tuple:
    """Transforma UM item (ex.: o caminho de uma imagem) no par (x, y) de tensores.

    1. x = self.get_x(item) e y = self.get_y(item) extraem os valores brutos;
    2. o rótulo y vira tensor por meio do dicionário label_to_tensor;
    3. self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido.
    """
    # SEU CÓDIGO AQUI
    x, y = self.get_x(item), label_to_tensor[self.get_y(item)]
    pair = (x, y)
    for f in reversed(self.item_tfms.funcs):
        pair = f(pair)
    return pair


ImageClassDataBlock.transform = transform
