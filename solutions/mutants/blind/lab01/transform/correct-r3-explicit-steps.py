# kind: correct
# why: Builds the (x, tensor y) pair and runs the Pipeline funcs one by one in order on the whole pair; same result as calling the Pipeline.
def transform(self, item, label_to_tensor: dict) -> tuple:
    """Transforma UM item (ex.: o caminho de uma imagem) no par (x, y) de tensores.

    1. x = self.get_x(item) e y = self.get_y(item) extraem os valores brutos;
    2. o rótulo y vira tensor por meio do dicionário label_to_tensor;
    3. self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido.
    """
    pair = (self.get_x(item), label_to_tensor[self.get_y(item)])
    for step in self.item_tfms.funcs:  # a Pipeline, passo a passo, em ordem
        pair = step(pair)
    return pair


ImageClassDataBlock.transform = transform
