# kind: correct
# why: applies each function of self.item_tfms.funcs to the pair in order by hand, after looking the label up in label_to_tensor; same as calling the Pipeline
def transform(self, item, label_to_tensor: dict) -> tuple:
    """Transforma UM item (ex.: o caminho de uma imagem) no par (x, y) de tensores.

    1. x = self.get_x(item) e y = self.get_y(item) extraem os valores brutos;
    2. o rótulo y vira tensor por meio do dicionário label_to_tensor;
    3. self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido.
    """
    # SEU CÓDIGO AQUI
    raw_x = self.get_x(item)
    raw_y = self.get_y(item)
    pair = (raw_x, label_to_tensor[raw_y])
    for step in self.item_tfms.funcs:  # o mesmo que self.item_tfms(pair)
        pair = step(pair)
    return pair


ImageClassDataBlock.transform = transform
