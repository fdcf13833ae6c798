# kind: correct
# why: nothing is forbidden here; hands the pair to torchvision's v2.Compose over self.item_tfms.funcs instead of using the Pipeline (library does the composition) (relabelled: the question states no rule against it, so by its contract it is a right answer)
def transform(self, item, label_to_tensor: dict) -> tuple:
    """Transforma UM item (ex.: o caminho de uma imagem) no par (x, y) de tensores.

    1. x = self.get_x(item) e y = self.get_y(item) extraem os valores brutos;
    2. o rótulo y vira tensor por meio do dicionário label_to_tensor;
    3. self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido.
    """
    # SEU CÓDIGO AQUI
    pair = (self.get_x(item), label_to_tensor[self.get_y(item)])
    return v2.Compose(list(self.item_tfms.funcs))(pair)


ImageClassDataBlock.transform = transform
