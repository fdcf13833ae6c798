# kind: wrong
# why: narrow: vectors always have length 2 (torch.eye(2)), fine for cat/dog only; breaks with 3+ classes (IndexError) or 1 class. Passes visible tests
def make_label_map(labels) -> dict:
    """Mapeia cada rótulo distinto para um vetor one-hot (float32).

    Os rótulos distintos são ordenados (sorted) e o i-ésimo recebe o vetor com 1
    na posição i e 0 nas demais; o tamanho do vetor é o número de classes.

    Exemplo: make_label_map(["dog", "cat", "dog"]) ->
        {"cat": tensor([1., 0.]), "dog": tensor([0., 1.])}
    """
    # SEU CÓDIGO AQUI
    eye = torch.eye(2)  # gato e cachorro
    return {label: eye[i] for i, label in enumerate(sorted(set(labels)))}
