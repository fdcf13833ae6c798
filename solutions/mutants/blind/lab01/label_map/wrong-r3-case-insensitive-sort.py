# kind: wrong
# why: Sorts case-insensitively (key=str.lower), so e.g. ["bird", "Cat"] gets Cat after bird, unlike sorted(); violates "Ordene os rótulos distintos com sorted".
def make_label_map(labels) -> dict:
    """Mapeia cada rótulo distinto para um vetor one-hot (float32).

    Os rótulos distintos são ordenados (sorted) e o i-ésimo recebe o vetor com 1
    na posição i e 0 nas demais; o tamanho do vetor é o número de classes.

    Exemplo: make_label_map(["dog", "cat", "dog"]) ->
        {"cat": tensor([1., 0.]), "dog": tensor([0., 1.])}
    """
    classes = sorted(set(labels), key=str.lower)  # sem diferenciar maiúsculas
    eye = torch.eye(len(classes))
    return {label: eye[i] for i, label in enumerate(classes)}
