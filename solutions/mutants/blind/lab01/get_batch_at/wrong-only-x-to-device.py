# kind: wrong
# why: moves only X to self.device and leaves Y on the CPU: passes visible tests on a CPU-only machine
def get_batch_at(self, idx: int) -> tuple:
    """Monta o batch que começa no item de índice idx.

    Pega até self.batch_size itens a partir de idx (o último batch pode ser menor),
    transforma cada um com self.transform, empilha os x e os y em uma nova
    dimensão 0, move os dois tensores para self.device e, por fim, aplica
    self.batch_tfms ao par (X, Y).
    """
    # SEU CÓDIGO AQUI
    pairs = [self.transform(item) for item in self.items[idx: idx + self.batch_size]]
    xs, ys = zip(*pairs)
    X = torch.stack(xs).to(self.device)
    Y = torch.stack(ys)
    return self.batch_tfms((X, Y))


SimpleDataLoader.get_batch_at = get_batch_at
