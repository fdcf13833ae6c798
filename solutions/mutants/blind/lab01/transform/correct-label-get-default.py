# kind: correct
# why: uses label_to_tensor.get(y, y): an unknown label silently goes through raw (a string) instead of failing, and a tensor key is never converted; passes visible tests (relabelled: the contract's labels are all in the map, where .get(y, y) is label_to_tensor[y]; it states nothing of unknown labels)
def transform(self, item, label_to_tensor: dict) -> tuple:
    """Transforma UM item (ex.: o caminho de uma imagem) no par (x, y) de tensores.

    1. x = self.get_x(item) e y = self.get_y(item) extraem os valores brutos;
    2. o rótulo y vira tensor por meio do dicionário label_to_tensor;
    3. self.item_tfms é aplicado ao PAR (x, y) e o resultado é devolvido.
    """
    # SEU CÓDIGO AQUI
    x = self.get_x(item)
    y = self.get_y(item)
    y = label_to_tensor.get(y, y)
    return self.item_tfms((x, y))


ImageClassDataBlock.transform = transform
