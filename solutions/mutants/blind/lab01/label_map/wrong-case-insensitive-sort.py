# kind: wrong
# why: sorts with key=str.lower instead of plain sorted, so mixed-case labels (e.g. breeds "Persian" vs "beagle") get a different order than sorted(); passes visible tests (lowercase cat/dog)
def make_label_map(labels) -> dict:
    """Mapeia cada rótulo distinto para um vetor one-hot (float32).

    Os rótulos distintos são ordenados (sorted) e o i-ésimo recebe o vetor com 1
    na posição i e 0 nas demais; o tamanho do vetor é o número de classes.

    Exemplo: make_label_map(["dog", "cat", "dog"]) ->
        {"cat": tensor([1., 0.]), "dog": tensor([0., 1.])}
    """
    # SEU CÓDIGO AQUI
    vocab = sorted(set(labels), key=str.lower)  # ordem "alfabética" sem ligar para maiúsculas
    eye = torch.eye(len(vocab), dtype=torch.float32)
    return {label: eye[i] for i, label in enumerate(vocab)}
