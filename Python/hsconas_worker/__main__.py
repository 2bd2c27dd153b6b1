from hsconas_worker.cli import main

main()
