# kind: wrong
# why: applies self.batch_tfms on the CPU and only then moves the result to self.device (wrong order: batch transforms should run on the device); same values on CPU, passes visible tests
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
    X, Y = self.batch_tfms((torch.stack(xs), torch.stack(ys)))
    return X.to(self.device), Y.to(self.device)


SimpleDataLoader.get_batch_at = get_batch_at
